#!/usr/bin/env bash
# Boots the guest images from build.sh with the acceptance command line and
# checks the console output, the exit status and the disk written by the guest.
#
# Usage: check-boot.sh [--smp N] [--emulator CMD] [--bios FILE] [--timeout S]
#
#   --smp N         add "-smp N" (default: no -smp option, one CPU)
#   --emulator CMD  emulator to run (default: $TUBER_EMULATOR, else
#                   qemu-system-riscv64); Tuber's launcher takes the same options
#   --bios FILE     firmware instead of "default", e.g.
#                   /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
#   --timeout S     give up after S seconds (default 120)
#
# The command line is:
#   EMU -M virt [-smp N] -m 256M -nographic -bios default -kernel Image
#       -initrd initrd.cpio.gz -append "console=ttyS0"
#       -device virtio-blk-device,drive=hd0
#       -drive if=none,id=hd0,format=raw,file=disk.img -device virtio-rng-device
# run in a temporary directory holding a fresh copy of the template disk.img.
# Exit status 0 when every check passed. Builds the images first if needed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
emulator=${TUBER_EMULATOR:-qemu-system-riscv64}
smp=
bios=default
timeout_s=120

die() { echo "check-boot.sh: error: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
		--smp) smp=${2:?}; shift 2 ;;
		--emulator) emulator=${2:?}; shift 2 ;;
		--bios) bios=${2:?}; shift 2 ;;
		--timeout) timeout_s=${2:?}; shift 2 ;;
		-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
		*) die "unknown argument '$1' (try --help)" ;;
	esac
done
command -v "$emulator" >/dev/null 2>&1 ||
	die "'$emulator' not found (for QEMU: sudo apt-get install qemu-system-misc)"
command -v timeout >/dev/null 2>&1 || die "'timeout' not found (coreutils)"
[ "$bios" = default ] || bios=$(cd "$(dirname "$bios")" && pwd)/$(basename "$bios")
case "$emulator" in */*) emulator=$(cd "$(dirname "$emulator")" && pwd)/$(basename "$emulator") ;; esac

images=$("$here/build.sh")
run=$(mktemp -d "${TMPDIR:-/tmp}/tuber-check-boot.XXXXXX")
trap 'rm -rf "$run"' EXIT
cp "$images/Image" "$images/initrd.cpio.gz" "$images/disk.img" "$run/"
cd "$run"

cmd=("$emulator" -M virt)
[ -z "$smp" ] || cmd+=(-smp "$smp")
cmd+=(-m 256M -nographic -bios "$bios" -kernel Image -initrd initrd.cpio.gz -append "console=ttyS0"
	-device virtio-blk-device,drive=hd0 -drive if=none,id=hd0,format=raw,file=disk.img
	-device virtio-rng-device)
echo "check-boot.sh: images: $images"
echo "check-boot.sh: running: ${cmd[*]}"
start=$(date +%s%N)
status=0
timeout "$timeout_s" "${cmd[@]}" </dev/null >console.log 2>&1 || status=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
tr -d '\r' <console.log >console.txt

failed=0
check() { # check <description> <grep -E regex>
	if grep -a -q -E "$2" console.txt; then
		echo "  ok    $1"
	else
		echo "  FAIL  $1 (no line matching /$2/)"
		failed=1
	fi
}
echo "check-boot.sh: guest output:"
grep -a '^TUBER-INIT: ' console.txt | sed 's/^/    /' || true
echo "check-boot.sh: checks:"
check "init started" '^TUBER-INIT: hello from userland$'
check "cpus=${smp:-1}" "^TUBER-INIT: cpus=${smp:-1}\$"
for what in smp timer fpu rng rtc; do
	check "$what" "^TUBER-INIT: $what ok\$"
done
check "rtc year" '^TUBER-INIT: rtc year=[0-9]{4}$'
check "disk writable" '^TUBER-INIT: disk ro=0$'
check "disk read" '^TUBER-INIT: disk read ok$'
check "disk write" '^TUBER-INIT: disk write ok$'
check "all checks passed" '^TUBER-INIT: all checks passed$'
check "power off requested" '^TUBER-INIT: powering off$'
if grep -a -q '^TUBER-INIT: FAIL' console.txt; then
	echo "  FAIL  guest reported failures:"
	grep -a '^TUBER-INIT: FAIL' console.txt | sed 's/^/          /'
	failed=1
fi
if grep -a -q -E 'Kernel panic|Oops|BUG:|WARNING:' console.txt; then
	echo "  FAIL  kernel trouble:"
	grep -a -E 'Kernel panic|Oops|BUG:|WARNING:' console.txt | sed 's/^/          /'
	failed=1
fi
if [ "$status" = 0 ]; then
	echo "  ok    emulator exited with status 0"
else
	echo "  FAIL  emulator exit status $status$([ "$status" != 124 ] || echo " (timed out after ${timeout_s} s)")"
	failed=1
fi
# Sector 1 must now hold the guest's pattern: the string padded with NUL to 32
# bytes, then byte i = i & 0xff (see init/init.c).
expected=$(
	printf 'TUBER-WRITTEN-BY-GUEST' | od -An -v -tx1
	head -c 10 /dev/zero | od -An -v -tx1
	for i in $(seq 32 511); do printf '%02x ' $((i & 255)); done
)
actual=$(dd if=disk.img bs=512 skip=1 count=1 status=none | od -An -v -tx1)
if [ "$(echo $expected)" = "$(echo $actual)" ]; then
	echo "  ok    disk.img sector 1 holds the guest's pattern"
else
	echo "  FAIL  disk.img sector 1 does not hold the guest's pattern:"
	dd if=disk.img bs=512 skip=1 count=1 status=none | od -A d -t x1z | head -n 4 | sed 's/^/          /'
	failed=1
fi
echo "check-boot.sh: wall time ${elapsed_ms} ms (emulator start to exit)"
if [ "$failed" = 0 ]; then
	echo "check-boot.sh: PASS"
else
	echo "check-boot.sh: FAILED; full console log:"
	sed 's/^/    | /' console.txt
	exit 1
fi
