#!/bin/sh
# Regenerates src/test/resources/fp/riscv-fp-vectors.txt.gz from fpgen.c.
# Needs a riscv64 Linux cross compiler and qemu-riscv64 (user mode), e.g. the Debian packages
# gcc-riscv64-linux-gnu and qemu-user. Extra arguments are passed to fpgen (seed, scale, specials).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/fp/riscv-fp-vectors.txt.gz"
CC=${CC:-riscv64-linux-gnu-gcc}
QEMU=${QEMU:-qemu-riscv64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CC" -O2 -Wall -Wextra -Wimplicit-fallthrough=0 -march=rv64gc -static -o "$tmp/fpgen" "$here/fpgen.c"
if [ "$#" -eq 0 ]; then set -- 1 1; fi
"$QEMU" "$tmp/fpgen" "$@" | gzip -9 -n > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
