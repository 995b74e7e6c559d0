#!/bin/sh
# `stagecraft parse --roundtrip` over every real-world Dockerfile in the shared corpus.
binary="$1"
corpus="$2"
if [ ! -d "$corpus" ]; then
    echo "SKIP: $corpus is absent (the shared corpus sits beside the repository)"
    exit 77
fi
failed=0
count=0
for f in "$corpus"/*.Dockerfile; do
    count=$((count + 1))
    if ! "$binary" parse --roundtrip "$f" >/dev/null; then
        echo "round-trip failed: $f"
        failed=$((failed + 1))
    fi
done
echo "$count files, $failed failed"
[ "$failed" -eq 0 ]
