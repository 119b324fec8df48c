/*
 * Tuber guest init: PID 1 of the initramfs built by guests/linux/build.sh.
 *
 * It checks that the emulated machine works (CPUs, timer, FPU, virtio-rng,
 * virtio-blk, RTC) and reports on the console with lines that start with
 * "TUBER-INIT: ". Each check runs in a child process with a time limit, so a
 * check that crashes or blocks is reported as a FAIL line and the init still
 * reaches the end. Success lines are exact ("TUBER-INIT: timer ok"); details go
 * on separate lines before them.
 *
 * At the end, depending on the kernel command line (/proc/cmdline):
 *   tuber.panic       exit, so the kernel panics ("Attempted to kill init")
 *   tuber.nopoweroff  stay alive forever (idle)
 *   (neither)         print "TUBER-INIT: powering off", reboot(RB_POWER_OFF)
 * tuber.timeout=N sets the per-check time limit in seconds (default 20).
 *
 * Disk protocol (see README.md): sector 0 of /dev/vda must contain
 * DISK_MAGIC; sector 1 is overwritten with a 512-byte pattern: the string
 * "TUBER-WRITTEN-BY-GUEST" padded with NUL bytes to 32 bytes, then byte i
 * (32 <= i < 512) equal to i & 0xff.
 *
 * Statically linked against glibc; builds with riscv64-linux-gnu-gcc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/rtc.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/klog.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PREFIX "TUBER-INIT: "
#define DISK_DEV "/dev/vda"
#define DISK_MAGIC "TUBER-DISK-MAGIC"
#define WRITE_MAGIC "TUBER-WRITTEN-BY-GUEST"
#define SECTOR 512

static char cmdline[4096];
static int check_timeout_s = 20;

/* One write() per line keeps lines whole on the serial console. */
static void say(const char *fmt, ...)
{
	char buf[512];
	size_t n = sizeof(PREFIX) - 1;
	va_list ap;

	memcpy(buf, PREFIX, n);
	va_start(ap, fmt);
	int r = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	if (r < 0)
		r = 0;
	n += (size_t)r < sizeof(buf) - n - 1 ? (size_t)r : sizeof(buf) - n - 2;
	buf[n++] = '\n';
	for (size_t off = 0; off < n;) {
		ssize_t w = write(STDOUT_FILENO, buf + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}

/* Prints "FAIL <what>: <errno text>" and returns 1 (for `return fail_errno(...)`). */
static int fail_errno(const char *what)
{
	say("FAIL %s: %s", what, strerror(errno));
	return 1;
}

static int fail_msg(const char *what, const char *msg)
{
	say("FAIL %s: %s", what, msg);
	return 1;
}

static void sleep_ns(long ns)
{
	struct timespec ts = { ns / 1000000000L, ns % 1000000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int64_t mono_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return -1;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Reads a small text file into buf (NUL-terminated, trailing newline removed). */
static int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = 0;
	while (len < size - 1) {
		ssize_t r = read(fd, buf + len, size - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = 0;
	return 0;
}

/* Whole-word match of an option in the kernel command line. */
static const char *cmdline_opt(const char *name)
{
	size_t n = strlen(name);
	for (const char *p = cmdline; (p = strstr(p, name)) != NULL; p += n) {
		int starts = p == cmdline || p[-1] == ' ';
		int ends = p[n] == 0 || p[n] == ' ' || p[n] == '=';
		if (starts && ends)
			return p + n;
	}
	return NULL;
}

/* Parses a CPU list such as "0-3,5" into a count and a bitmap (CPUs < 64). */
static int parse_cpulist(const char *s, uint64_t *mask)
{
	int count = 0;
	*mask = 0;
	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b;
		if (end == s)
			return -1;
		b = a;
		s = end;
		if (*s == '-') {
			b = strtol(s + 1, &end, 10);
			if (end == s + 1)
				return -1;
			s = end;
		}
		for (long c = a; c <= b; c++) {
			count++;
			if (c < 64)
				*mask |= 1ULL << c;
		}
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return count;
}

/* ---------------------------------------------------------------- checks */

static int check_cpus(void)
{
	char buf[256];
	uint64_t mask;
	int n, bad = 0;

	if (read_text("/sys/devices/system/cpu/online", buf, sizeof buf) == 0) {
		n = parse_cpulist(buf, &mask);
		if (n <= 0)
			return fail_msg("cpus", "cannot parse /sys/devices/system/cpu/online");
		say("cpus online=%s", buf);
	} else {
		bad = fail_errno("cpus: /sys/devices/system/cpu/online");
		n = (int)sysconf(_SC_NPROCESSORS_ONLN);
		if (n <= 0)
			return fail_errno("cpus: sysconf");
		mask = n >= 64 ? ~0ULL : (1ULL << n) - 1;
	}
	say("cpus=%d", n);

	/* Make the scheduler migrate us to every online CPU (needs working IPIs). */
	char seen[256] = "";
	size_t len = 0;
	for (int c = 0; c < 64; c++) {
		if (!(mask & (1ULL << c)))
			continue;
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(c, &set);
		if (sched_setaffinity(0, sizeof set, &set) != 0) {
			char what[64];
			snprintf(what, sizeof what, "smp: sched_setaffinity(cpu %d)", c);
			bad |= fail_errno(what);
			continue;
		}
		sched_yield();
		int on = sched_getcpu();
		if (on != c) {
			char msg[64];
			snprintf(msg, sizeof msg, "pinned to cpu %d but running on %d", c, on);
			bad |= fail_msg("smp", msg);
			continue;
		}
		len += (size_t)snprintf(seen + len, sizeof seen - len, "%s%d", len ? "," : "", c);
		if (len >= sizeof seen)
			len = sizeof seen - 1;
	}
	say("smp ran-on=%s", seen);
	if (bad)
		return 1;
	say("smp ok");
	return 0;
}

static int check_timer(void)
{
	int64_t t0 = mono_ns();
	if (t0 < 0)
		return fail_errno("timer: clock_gettime(CLOCK_MONOTONIC)");
	struct timespec req = { 0, 100 * 1000 * 1000 }, rem;
	while (nanosleep(&req, &rem) != 0) {
		if (errno != EINTR)
			return fail_errno("timer: nanosleep");
		req = rem;
	}
	int64_t t1 = mono_ns();
	if (t1 < 0)
		return fail_errno("timer: clock_gettime(CLOCK_MONOTONIC)");
	int64_t us = (t1 - t0) / 1000;
	say("timer slept-100ms monotonic-advanced-us=%lld", (long long)us);
	if (us < 100000)
		return fail_msg("timer", "CLOCK_MONOTONIC advanced less than 100 ms");
	say("timer ok");
	return 0;
}

static int check_fpu(void)
{
	/* volatile: keep the compiler from folding the arithmetic away. */
	volatile double two = 2.0, third = 1.0 / 3.0;
	volatile float f = 1.5f;
	double r = sqrt(two);
	/* Fused: (1/3 rounded down) * 3 - 1 is exactly -2^-54, not 0. */
	double fused = fma(third, 3.0, -1.0);
	double prod = r * r;
	long as_int = (long)(two * 50.25);
	double back = (double)(f * f);
	if (fabs(prod - 2.0) > 1e-15 || fused != -0x1p-54 || as_int != 100 || back != 2.25)
		return fail_msg("fpu", "wrong floating-point results");
	say("fpu sqrt2=%.15f", r);
	say("fpu ok");
	return 0;
}

static int check_rng(void)
{
	unsigned char buf[32];
	size_t got = 0;
	int fd = open("/dev/hwrng", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("rng: open /dev/hwrng");
	/* Non-blocking reads plus polling: a dead device gives a FAIL, not a hang.
	 * Give up before run_check's limit so the more precise message wins. */
	int64_t deadline = mono_ns() + (int64_t)check_timeout_s * 1000000000 / 2;
	while (got < sizeof buf) {
		ssize_t r = read(fd, buf + got, sizeof buf - got);
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r < 0 && errno != EAGAIN && errno != EINTR) {
			int e = errno;
			close(fd);
			errno = e;
			return fail_errno("rng: read /dev/hwrng");
		}
		if (mono_ns() > deadline) {
			close(fd);
			return fail_msg("rng", "no data from /dev/hwrng");
		}
		sleep_ns(2 * 1000 * 1000);
	}
	close(fd);
	char hex[2 * sizeof buf + 1];
	int nonzero = 0;
	for (size_t i = 0; i < sizeof buf; i++) {
		nonzero |= buf[i];
		snprintf(hex + 2 * i, 3, "%02x", buf[i]);
	}
	say("rng bytes=%s", hex);
	if (!nonzero)
		return fail_msg("rng", "32 bytes from /dev/hwrng are all zero");
	say("rng ok");
	return 0;
}

static void fill_write_pattern(unsigned char *p)
{
	memset(p, 0, SECTOR);
	memcpy(p, WRITE_MAGIC, sizeof(WRITE_MAGIC) - 1);
	for (int i = 32; i < SECTOR; i++)
		p[i] = (unsigned char)i;
}

/* Printable prefix of a sector, up to the first NUL or newline. */
static void sector_text(const unsigned char *p, char *out, size_t size)
{
	size_t i;
	for (i = 0; i + 1 < size && i < SECTOR && p[i] >= 0x20 && p[i] < 0x7f; i++)
		out[i] = (char)p[i];
	out[i] = 0;
}

static int pread_full(int fd, void *buf, size_t n, off_t off)
{
	ssize_t r;
	do
		r = pread(fd, buf, n, off);
	while (r < 0 && errno == EINTR);
	if (r >= 0 && (size_t)r != n) {
		errno = EIO;
		return -1;
	}
	return r < 0 ? -1 : 0;
}

static int check_disk(void)
{
	unsigned char *buf, *pat;
	char text[80];
	int ro = 0;
	uint64_t bytes = 0;

	/* O_DIRECT needs sector-aligned buffers; it makes every access reach the device. */
	if (posix_memalign((void **)&buf, 4096, SECTOR) || posix_memalign((void **)&pat, 4096, SECTOR))
		return fail_msg("disk", "out of memory");

	int fd = open(DISK_DEV, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("disk: open " DISK_DEV);
	if (ioctl(fd, BLKROGET, &ro) != 0)
		return fail_errno("disk: ioctl BLKROGET");
	if (ioctl(fd, BLKGETSIZE64, &bytes) != 0)
		return fail_errno("disk: ioctl BLKGETSIZE64");
	say("disk ro=%d", ro ? 1 : 0);
	say("disk size-bytes=%llu", (unsigned long long)bytes);

	if (pread_full(fd, buf, SECTOR, 0) != 0)
		return fail_errno("disk read: sector 0");
	sector_text(buf, text, sizeof text);
	say("disk sector0=\"%s\"", text);
	if (memmem(buf, SECTOR, DISK_MAGIC, sizeof(DISK_MAGIC) - 1) == NULL)
		return fail_msg("disk read", "marker " DISK_MAGIC " not in sector 0");
	say("disk read ok");

	if (pread_full(fd, buf, SECTOR, SECTOR) != 0)
		return fail_errno("disk read: sector 1");
	fill_write_pattern(pat);
	int zero = 1;
	for (int i = 0; i < SECTOR; i++)
		zero &= buf[i] == 0;
	/* "guest-pattern" means an earlier boot already wrote this image. */
	say("disk sector1-before=%s",
	    zero ? "zero" : memcmp(buf, pat, SECTOR) == 0 ? "guest-pattern" : "other");
	close(fd);

	if (ro) {
		say("disk read-only, write skipped");
		return 0;
	}

	fd = open(DISK_DEV, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("disk write: open " DISK_DEV " read-write");
	ssize_t w;
	do
		w = pwrite(fd, pat, SECTOR, SECTOR);
	while (w < 0 && errno == EINTR);
	if (w != SECTOR)
		return w < 0 ? fail_errno("disk write: sector 1") : fail_msg("disk write", "short write");
	if (fsync(fd) != 0)
		return fail_errno("disk write: fsync");
	memset(buf, 0xa5, SECTOR);
	if (pread_full(fd, buf, SECTOR, SECTOR) != 0)
		return fail_errno("disk write: read back sector 1");
	close(fd);
	if (memcmp(buf, pat, SECTOR) != 0)
		return fail_msg("disk write", "sector 1 read back differs from what was written");
	say("disk write ok");
	return 0;
}

static int check_rtc(void)
{
	struct rtc_time rt;
	int bad = 0;
	int fd = open("/dev/rtc0", O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && ioctl(fd, RTC_RD_TIME, &rt) == 0) {
		close(fd);
	} else {
		/* Report the failure, but still show the year from sysfs. */
		bad = fail_errno("rtc: /dev/rtc0 RTC_RD_TIME");
		if (fd >= 0)
			close(fd);
		char s[64];
		if (read_text("/sys/class/rtc/rtc0/since_epoch", s, sizeof s) != 0)
			return fail_errno("rtc: /sys/class/rtc/rtc0/since_epoch");
		time_t t = (time_t)strtoll(s, NULL, 10);
		struct tm tm;
		if (!gmtime_r(&t, &tm))
			return fail_msg("rtc", "bad since_epoch");
		rt.tm_year = tm.tm_year, rt.tm_mon = tm.tm_mon, rt.tm_mday = tm.tm_mday;
		rt.tm_hour = tm.tm_hour, rt.tm_min = tm.tm_min, rt.tm_sec = tm.tm_sec;
	}
	say("rtc time=%04d-%02d-%02dT%02d:%02d:%02dZ", rt.tm_year + 1900, rt.tm_mon + 1,
	    rt.tm_mday, rt.tm_hour, rt.tm_min, rt.tm_sec);
	say("rtc year=%04d", rt.tm_year + 1900);
	if (bad)
		return 1;
	say("rtc ok");
	return 0;
}

/* ----------------------------------------------------------- framework */

/*
 * Runs fn in a child process; returns 0 if it exited with 0. A crash, a
 * non-zero exit or a timeout counts as a failure (the child prints its own
 * FAIL line for ordinary errors; crashes and timeouts are reported here).
 */
static int run_check(const char *name, int (*fn)(void))
{
	pid_t pid = fork();
	if (pid < 0)
		return fail_errno(name);
	if (pid == 0)
		_exit(fn() == 0 ? 0 : 1);

	int64_t deadline = mono_ns() + (int64_t)check_timeout_s * 1000000000;
	for (;;) {
		int status;
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid) {
			if (WIFEXITED(status))
				return WEXITSTATUS(status) != 0;
			if (WIFSIGNALED(status)) {
				char msg[64];
				snprintf(msg, sizeof msg, "killed by signal %d (%s)", WTERMSIG(status),
					 strsignal(WTERMSIG(status)));
				return fail_msg(name, msg);
			}
			continue;
		}
		if (r < 0 && errno != EINTR)
			return fail_errno(name);
		if (mono_ns() > deadline) {
			char msg[64];
			snprintf(msg, sizeof msg, "timed out after %d s", check_timeout_s);
			kill(pid, SIGKILL);
			return fail_msg(name, msg);
		}
		sleep_ns(5 * 1000 * 1000);
	}
}

static int mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) != 0 && errno != EBUSY) {
		char what[64];
		snprintf(what, sizeof what, "mount %s on %s", type, dir);
		return fail_errno(what);
	}
	return 0;
}

int main(void)
{
	int failures = 0, passed = 0;

	/* The kernel hands us /dev/console from the initramfs as fds 0-2; if it
	 * could not, mount devtmpfs first and open the console ourselves. */
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
		mkdir("/dev", 0755);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		int fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}

	say("hello from userland");

	failures += mount_fs("proc", "/proc", "proc");
	failures += mount_fs("sysfs", "/sys", "sysfs");
	failures += mount_fs("devtmpfs", "/dev", "devtmpfs");

	if (read_text("/proc/cmdline", cmdline, sizeof cmdline) != 0)
		failures += fail_errno("read /proc/cmdline");
	say("cmdline=\"%s\"", cmdline);
	/* Keep kernel notices (e.g. "random: crng init done") from cutting into
	 * our lines; warnings, oopses and panics still reach the console. An
	 * explicit loglevel=/debug/ignore_loglevel on the command line wins. */
	if (!cmdline_opt("loglevel") && !cmdline_opt("debug") && !cmdline_opt("ignore_loglevel"))
		klogctl(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 5);

	const char *t = cmdline_opt("tuber.timeout");
	if (t && *t == '=' && atoi(t + 1) > 0)
		check_timeout_s = atoi(t + 1);

	static const struct {
		const char *name;
		int (*fn)(void);
	} checks[] = {
		{ "cpus", check_cpus },
		{ "timer", check_timer },
		{ "fpu", check_fpu },
		{ "rng", check_rng },
		{ "disk", check_disk },
		{ "rtc", check_rtc },
	};
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		if (run_check(checks[i].name, checks[i].fn) == 0)
			passed++;
		else
			failures++;
	}

	say("summary passed=%d failed=%d", passed, failures);
	if (failures == 0)
		say("all checks passed");

	if (cmdline_opt("tuber.panic")) {
		say("exiting on purpose (tuber.panic): expect a kernel panic");
		sync();
		return 1;
	}
	if (cmdline_opt("tuber.nopoweroff")) {
		say("staying up (tuber.nopoweroff)");
		for (;;)
			pause();
	}
	say("powering off");
	sync();
	reboot(RB_POWER_OFF);
	fail_errno("reboot(RB_POWER_OFF)");
	return 1;
}
