#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the compact Debian package table the size estimate ships as a Qt resource.

Usage: make-package-table.py [--check] [INPUT.tsv.gz] [OUTPUT]

INPUT defaults to ../shared/data/debian-bookworm-packages.tsv.gz beside the repository,
OUTPUT to debian-bookworm-packages.qz beside this script. With --check nothing is written:
the exit status says whether OUTPUT is what INPUT generates (0 yes, 1 no, 77 no INPUT).

The input has one line per package: name, Installed-Size in KiB, the first alternative of
every Pre-Depends and Depends, and the priority flags (E Essential, r required, i important,
s standard); lines starting with '@' name a virtual package and its providers.

The output is what Qt Core reads without zlib headers of its own: qCompress() framing (the
uncompressed length as a 4-byte big-endian integer, then a zlib stream) around UTF-8 text

    stagecraft-packages 1
    source <file name>
    packages N
    virtuals M
    NAME <TAB> KIB <TAB> FLAGS <TAB> DEP,DEP,...      N lines, sorted by name; ids 0..N-1
    NAME <TAB> PROVIDER,PROVIDER,...                  M lines; ids N..N+M-1

where a DEP is the id of a package or of a virtual package, and a PROVIDER the id of a package.
Dependencies on names the lists do not have (44 names in bookworm, all transitional leftovers)
are dropped. The text is deterministic, so the committed file changes only when the lists do.
"""
import gzip
import os
import struct
import sys
import zlib

# The input keeps only the first alternative of `a | b` dependencies. Where that is known to
# differ from what Debian's own images hold, the second is taken instead:
#  * init-system-helpers: `usrmerge | usr-is-merged`; the official images ship usr-is-merged
#    (13 KiB) — usrmerge would drag perl (47 MiB) into every base set.
ALTERNATIVE_OVERRIDES = {"usrmerge": "usr-is-merged"}

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INPUT = os.path.join(HERE, "..", "..", "..", "shared", "data", "debian-bookworm-packages.tsv.gz")
DEFAULT_OUTPUT = os.path.join(HERE, "debian-bookworm-packages.qz")


def read_lists(path):
    packages = {}
    virtuals = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if fields[0].startswith("@"):
                virtuals[fields[0][1:]] = [p for p in fields[1].split(",") if p]
            else:
                name, kib, depends = fields[0], int(fields[1]), fields[2]
                flags = fields[3] if len(fields) > 3 else ""
                packages[name] = (kib, [d for d in depends.split(",") if d], flags)
    return packages, virtuals


def table_text(packages, virtuals, source):
    names = sorted(packages)
    vnames = sorted(v for v in virtuals if v not in packages)
    ids = {name: i for i, name in enumerate(names)}
    ids.update({name: len(names) + i for i, name in enumerate(vnames)})
    out = ["stagecraft-packages 1", "source " + source, "packages %d" % len(names), "virtuals %d" % len(vnames)]
    for name in names:
        kib, depends, flags = packages[name]
        dep_ids = []
        for dep in depends:
            dep = ALTERNATIVE_OVERRIDES.get(dep, dep)
            if dep in ids and ids[dep] not in dep_ids:
                dep_ids.append(ids[dep])
        out.append("%s\t%d\t%s\t%s" % (name, kib, flags, ",".join(map(str, dep_ids))))
    for name in vnames:
        providers = [str(ids[p]) for p in virtuals[name] if p in packages]
        out.append("%s\t%s" % (name, ",".join(providers)))
    return ("\n".join(out) + "\n").encode("utf-8")


def q_compress(data):
    # qUncompress() expects the uncompressed size first, big-endian, then a zlib stream.
    return struct.pack(">I", len(data)) + zlib.compress(data, 9)


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    source = args[0] if args else DEFAULT_INPUT
    output = args[1] if len(args) > 1 else DEFAULT_OUTPUT
    if not os.path.exists(source):
        print("make-package-table: no input at %s" % source, file=sys.stderr)
        return 77 if check else 2
    packages, virtuals = read_lists(source)
    text = table_text(packages, virtuals, os.path.basename(source))
    if check:
        try:
            with open(output, "rb") as f:
                current = f.read()
        except OSError:
            current = b""
        # Compare the text, not the bytes: another zlib build may compress differently.
        same = len(current) > 4 and zlib.decompress(current[4:]) == text
        if not same:
            print("make-package-table: %s is out of date; run %s" % (output, os.path.basename(__file__)),
                  file=sys.stderr)
        return 0 if same else 1
    blob = q_compress(text)
    with open(output, "wb") as f:
        f.write(blob)
    print("make-package-table: %d packages, %d virtual; %d bytes of text, %d compressed -> %s"
          % (len(packages), len([v for v in virtuals if v not in packages]), len(text), len(blob), output))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
