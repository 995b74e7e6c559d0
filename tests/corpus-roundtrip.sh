#!/bin/sh
# `stagecraft parse --roundtrip` over every real-world Dockerfile in the shared corpus.
binary="$1"
corpus="$2"
if [ ! -d "$corpus" ]; then
    echo "SKIP: $corpus is absent (the shared corpus sits beside the repository)"
    exit 77
fi
count=$(ls "$corpus"/*.Dockerfile | wc -l)
if "$binary" parse --roundtrip "$corpus"/*.Dockerfile >/dev/null; then
    echo "$count files round-trip byte for byte"
else
    echo "round-trip failed (see above)"
    exit 1
fi
