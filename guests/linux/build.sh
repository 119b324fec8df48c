#!/usr/bin/env bash
# Builds the Linux guest images for Tuber's end-to-end tests:
#   Image           RISC-V Linux 6.1 kernel (Debian linux-source-6.1, unpatched)
#   initrd.cpio.gz  initramfs holding the test init (init/init.c)
#   disk.img        4 MiB raw template disk, "TUBER-DISK-MAGIC" in sector 0
#
# Usage: build.sh [--print-dir | --help]
#
# Outputs go to ${TUBER_CACHE_DIR:-$HOME/.cache/tuber}/linux-<hash>/, where the
# hash covers this script, kernel.config, initramfs.list, init/, the
# linux-source package version and the cross compiler version. When that
# directory already exists the script prints it and exits at once. On success
# the directory is the only thing printed on stdout; progress goes to stderr.
#
# --print-dir   print the output directory without building anything
#
# Environment:
#   TUBER_CACHE_DIR       cache root (default $HOME/.cache/tuber)
#   TUBER_LINUX_TARBALL   kernel source tarball (default: found under /usr/src)
#   TUBER_BUILD_JOBS      make -j value (default 2)
#
# See README.md next to this script.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache_root=${TUBER_CACHE_DIR:-${HOME:?set HOME or TUBER_CACHE_DIR}/.cache/tuber}
jobs=${TUBER_BUILD_JOBS:-2}
arch=riscv
cross=riscv64-linux-gnu-
disk_size_mib=4
disk_magic="TUBER-DISK-MAGIC v1"

die() { echo "build.sh: error: $*" >&2; exit 1; }
note() { echo "build.sh: ${start:+[$((SECONDS - start)) s] }$*" >&2; }

print_dir_only=false
case "${1:-}" in
	"") ;;
	--print-dir) print_dir_only=true ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
	*) die "unknown argument '$1' (try --help)" ;;
esac
[ $# -le 1 ] || die "too many arguments (try --help)"

# ---------------------------------------------------------------- prerequisites
apt_hint="sudo apt-get install build-essential flex bison bc xz-utils gcc-riscv64-linux-gnu libc6-dev-riscv64-cross linux-source-6.1"

need_tool() { # need_tool <command> <debian package>
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found; install the Debian package '$2' (all prerequisites: $apt_hint)"
}

find_tarball() {
	if [ -n "${TUBER_LINUX_TARBALL:-}" ]; then
		[ -f "$TUBER_LINUX_TARBALL" ] || die "TUBER_LINUX_TARBALL=$TUBER_LINUX_TARBALL does not exist"
		echo "$TUBER_LINUX_TARBALL"
		return
	fi
	local f
	for f in /usr/src/linux-source-6.1.tar.xz /usr/src/linux-source-6.1.tar.bz2 /usr/src/linux-source-6.1.tar.gz; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
	die "no Linux 6.1 source under /usr/src; install it with: sudo apt-get install linux-source-6.1 (or set TUBER_LINUX_TARBALL)"
}

need_tool "${cross}gcc" gcc-riscv64-linux-gnu
need_tool sha256sum coreutils
tarball=$(find_tarball)

# Identity of the kernel source: the Debian package version when the tarball is
# the packaged one, else a checksum of the tarball.
source_id=
if command -v dpkg-query >/dev/null 2>&1 && [ "$(dirname "$tarball")" = /usr/src ]; then
	pkg=$(basename "$tarball"); pkg=${pkg%%.tar*}
	if ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) && [ -n "$ver" ]; then
		source_id="$pkg $ver"
	fi
fi
[ -n "$source_id" ] || source_id="sha256 $(sha256sum <"$tarball" | cut -d' ' -f1)"
cc_id=$("${cross}gcc" --version | head -n1)

# ------------------------------------------------------------------ cache key
hash=$(
	{
		echo "source: $source_id"
		echo "cc: $cc_id"
		for f in build.sh kernel.config initramfs.list $(cd "$here" && find init -type f | LC_ALL=C sort); do
			echo "file: $f $(sha256sum <"$here/$f" | cut -d' ' -f1)"
		done
	} | sha256sum | cut -c1-16
)
out_dir="$cache_root/linux-$hash"
outputs=(Image initrd.cpio.gz disk.img linux.config build-info.txt)

complete() { # complete <dir>
	local f
	for f in "${outputs[@]}"; do [ -s "$1/$f" ] || return 1; done
}

if $print_dir_only; then
	echo "$out_dir"
	exit 0
fi
if complete "$out_dir"; then
	echo "$out_dir"
	exit 0
fi

need_tool make make
need_tool gcc gcc
need_tool flex flex
need_tool bison bison
need_tool bc bc
need_tool tar tar
need_tool gzip gzip
need_tool dd coreutils
need_tool awk mawk
case "$tarball" in
	*.xz) need_tool xz xz-utils ;;
	*.bz2) need_tool bzip2 bzip2 ;;
esac
"${cross}gcc" -print-file-name=libc.a | grep -q / ||
	die "static glibc for riscv64 not found; install the Debian package 'libc6-dev-riscv64-cross'"

# --------------------------------------------------------------------- build
mkdir -p "$cache_root"
# Builds killed hard (kill -9, power loss) leave .tmp-* dirs; drop old ones.
find "$cache_root" -maxdepth 1 -name '.tmp-linux-*' -mmin +720 -exec rm -rf {} + 2>/dev/null || true
# The work dir is inside the cache root so the final rename is atomic.
work=$(mktemp -d "$cache_root/.tmp-linux-$hash.XXXXXX")
# Steps run in the background so a signal reaches this script at once; the
# handler stops the running step (GNU make passes SIGTERM on to its jobs) and
# the EXIT trap removes the work dir. Nothing partial lands in the cache.
step_pid=
on_signal() {
	trap - INT TERM
	if [ -n "$step_pid" ]; then
		kill -TERM "$step_pid" 2>/dev/null || true
		wait "$step_pid" 2>/dev/null || true
	fi
	echo "build.sh: interrupted; nothing was cached" >&2
	exit "$1"
}
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

src="$work/src"
obj="$work/obj"
out="$work/out"
log="$work/out/build.log"
mkdir -p "$src" "$obj" "$out"
start=$SECONDS

run_logged() { # run_logged <description> <command...>
	note "$1"
	shift
	"$@" >>"$log" 2>&1 </dev/null &
	step_pid=$!
	local rc=0
	wait "$step_pid" || rc=$?
	step_pid=
	if [ "$rc" != 0 ]; then
		echo "build.sh: error: step failed: $*" >&2
		echo "---- last lines of the build log ----" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi
}

note "building into $out_dir"
# Skip what this riscv build never reads (other architectures, documentation
# text, C sources of big driver trees that tinyconfig leaves off; their Kconfig
# files and Makefiles are kept): writes ~0.5 GB instead of ~1.3 GB.
top=$(tar -tf "$tarball" | head -n1) || true
top=${top%%/*}
[ -n "$top" ] || die "cannot list $tarball"
skip=(
	"$top/Documentation/*/*"
	"$top/arch/[!rK]*/*.[chS]"
	"$top/arch/[!rK]*/*.dts"
	"$top/arch/[!rK]*/*.dtsi"
	"$top/drivers/gpu/*.[ch]"
	"$top/drivers/net/*.[ch]"
	"$top/drivers/media/*.[ch]"
	"$top/drivers/staging/*.[ch]"
	"$top/sound/*.[ch]"
)
run_logged "unpacking $tarball" tar -xf "$tarball" -C "$src" --strip-components=1 "${skip[@]/#/--exclude=}"
version=$(awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3} END{print v "." p "." s}' "$src/Makefile")
case "$version" in
	6.1.*) ;;
	*) die "expected Linux 6.1 source, $tarball contains $version" ;;
esac

export ARCH=$arch CROSS_COMPILE=$cross
# Stable build metadata instead of the user, host and time of this build.
export KBUILD_BUILD_USER=tuber KBUILD_BUILD_HOST=tuber
KBUILD_BUILD_TIMESTAMP=$(date -u -d "@$(stat -c %Y "$tarball")" '+%Y-%m-%d %H:%M:%S UTC')
export KBUILD_BUILD_TIMESTAMP

kmake() { make -C "$src" O="$obj" ARCH=$arch CROSS_COMPILE=$cross "$@"; }

run_logged "configuring: tinyconfig" kmake tinyconfig
# -n: allnoconfig semantics, so only what tinyconfig and the fragment ask for is on.
run_logged "configuring: merging kernel.config" \
	bash -c 'cd "$1" && scripts/kconfig/merge_config.sh -n -O "$2" "$2/.config" "$3"' \
	merge "$src" "$obj" "$here/kernel.config"

# merge_config.sh only warns about requests Kconfig could not honour; fail instead.
if ! awk '
	FNR == NR {
		if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) { k = $0; sub(/=.*/, "", k); have[k] = $0 }
		next
	}
	/^CONFIG_[A-Za-z0-9_]+=/ {
		k = $0; sub(/=.*/, "", k)
		if (!(k in have)) { printf "  requested %s, got it not set\n", $0; bad = 1 }
		else if (have[k] != $0) { printf "  requested %s, got %s\n", $0, have[k]; bad = 1 }
		next
	}
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ {
		if ($2 in have) { printf "  requested %s, got %s\n", $0, have[$2]; bad = 1 }
	}
	END { exit bad }' "$obj/.config" "$here/kernel.config" >&2; then
	die "kernel.config asks for options the final .config does not have (see above;" \
		"usually a missing dependency: add it to kernel.config)"
fi

run_logged "compiling Linux $version (make -j$jobs Image; takes a minute or two)" kmake -j"$jobs" Image
cp "$obj/arch/riscv/boot/Image" "$out/Image"
cp "$obj/.config" "$out/linux.config"

run_logged "compiling init" "${cross}gcc" -march=rv64gc -mabi=lp64d -static -O2 -Wall -Wextra -s \
	-o "$work/init" "$here"/init/*.c -lm
gen_init_cpio="$obj/usr/gen_init_cpio"
[ -x "$gen_init_cpio" ] || run_logged "building gen_init_cpio" kmake usr/gen_init_cpio
touch -d @0 "$work/init"
note "packing initrd.cpio.gz"
if ! TUBER_INIT="$work/init" "$gen_init_cpio" -t 0 "$here/initramfs.list" >"$work/initrd.cpio" 2>>"$log"; then
	tail -n 20 "$log" >&2
	die "gen_init_cpio failed"
fi
gzip -9 -n <"$work/initrd.cpio" >"$out/initrd.cpio.gz"

note "creating disk.img"
dd if=/dev/zero of="$out/disk.img" bs=1M count=$disk_size_mib status=none
printf '%s\n' "$disk_magic" | dd of="$out/disk.img" conv=notrunc status=none

cat >"$out/build-info.txt" <<EOF
hash: $hash
linux: $version ($source_id, $(basename "$tarball"))
cross compiler: $cc_id
Image bytes: $(stat -c %s "$out/Image")
initrd.cpio.gz bytes: $(stat -c %s "$out/initrd.cpio.gz")
disk.img: $disk_size_mib MiB, sector 0 starts with "$disk_magic"
build seconds: $((SECONDS - start))
EOF

# Publish atomically. A concurrent build of the same hash may have won the race.
if ! mv -T "$out" "$out_dir" 2>/dev/null; then
	if complete "$out_dir"; then
		note "another build finished $out_dir first; using it"
	else
		# An incomplete leftover (files deleted by hand): replace it.
		old="$work/old"
		mv -T "$out_dir" "$old" && mv -T "$out" "$out_dir" || die "cannot move the result to $out_dir"
	fi
fi
note "done"
echo "$out_dir"
