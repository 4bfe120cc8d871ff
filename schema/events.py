"""The one description of every Lanner event and parameter.

Everything else is generated from this file by scripts/gen-schema:
  include/lanner/events.h       event ids and parameter indices (C: kernel, BPF, engine)
  include/lanner/syscalls.h     syscall number -> event id map (C, per architecture)
  engine/schema/event_table.cpp names, categories, parameter types, flag names (C++)
  docs/events.md                the reference

Rules of the table (see docs/events.md, "Versioning"):
  * Event ids are never reused or renumbered: new events are appended.
  * Parameters are only ever appended to an event, so (type, parameter count)
    identifies the version of a record and old captures stay readable.
  * Parameter 0 of every syscall event is its return value (named as Falco names
    it: "res" or "fd"), so evt.res / evt.failed are the same for every event.
  * Parameter names follow Falco's where Falco has the parameter, so rules that
    say evt.arg.flags or evt.arg.path keep working.
"""

# Major changes only when old readers cannot read new records (never, so far);
# minor changes whenever an event, parameter or parameter type is appended.
SCHEMA_VERSION = (1, 2)

# ---------------------------------------------------------------------------
# Parameter types. Sizes are in bytes; 0 means variable length.
# ---------------------------------------------------------------------------
PARAM_TYPES = [
    # name,        size, description
    ("NONE", 0, "no value"),
    ("U8", 1, "unsigned 8-bit integer"),
    ("U16", 2, "unsigned 16-bit integer"),
    ("U32", 4, "unsigned 32-bit integer"),
    ("U64", 8, "unsigned 64-bit integer"),
    ("S32", 4, "signed 32-bit integer"),
    ("S64", 8, "signed 64-bit integer"),
    ("FD", 8, "file descriptor (signed 64-bit; negative is an error)"),
    ("PID", 8, "process or thread id (signed 64-bit)"),
    ("ERRNO", 8, "syscall result: negative errno on failure (signed 64-bit)"),
    ("UID", 4, "user id (unsigned 32-bit)"),
    ("GID", 4, "group id (unsigned 32-bit)"),
    ("MODE", 4, "file mode bits, shown in octal (unsigned 32-bit)"),
    ("FLAGS8", 1, "bit flags with symbolic names (8-bit)"),
    ("FLAGS16", 2, "bit flags with symbolic names (16-bit)"),
    ("FLAGS32", 4, "bit flags with symbolic names (32-bit)"),
    ("FLAGS64", 8, "bit flags with symbolic names (64-bit)"),
    ("ENUM32", 4, "a value from a set of symbolic names (signed 32-bit)"),
    ("SIGNAL", 1, "signal number (8-bit)"),
    ("DEV", 4, "device number, kernel encoding (unsigned 32-bit)"),
    ("ABSTIME", 8, "wall-clock time in ns since the epoch (unsigned 64-bit)"),
    ("RELTIME", 8, "duration in ns (unsigned 64-bit)"),
    ("CHARBUF", 0, "string, no terminating NUL stored"),
    ("FSPATH", 0, "file system path as the caller passed it (relative to cwd if not absolute)"),
    ("FSRELPATH", 0, "file system path relative to the directory fd named in the table"),
    ("BYTEBUF", 0, "bytes (possibly truncated to the snap length)"),
    ("CHARBUFARRAY", 0, "list of strings, each followed by a NUL (argv, env, cgroups)"),
    ("SOCKADDR", 0, "socket address: family byte, then address (see docs/events.md)"),
    ("SOCKTUPLE", 0, "connection tuple: family byte, then client and server addresses"),
    ("NSPID", 8, "process or thread id in the task's own pid namespace (signed 64-bit)"),
]

# ---------------------------------------------------------------------------
# Categories (evt.category).
# ---------------------------------------------------------------------------
CATEGORIES = [
    ("UNKNOWN", "unknown"),
    ("FILE", "file"),
    ("NET", "net"),
    ("IPC", "ipc"),
    ("PROCESS", "process"),
    ("MEMORY", "memory"),
    ("SIGNAL", "signal"),
    ("USER", "user"),
    ("SYSTEM", "system"),
    ("IO_READ", "io-read"),
    ("IO_WRITE", "io-write"),
    ("IO_OTHER", "io-other"),
    ("META", "meta"),
]

# ---------------------------------------------------------------------------
# Flag and enum sets: (symbol name, C expression for the value). Values are the
# Linux ABI values; the C++ table takes them from the system headers so nothing
# here is typed by hand twice. "bits" sets are bit masks; "enum" sets are values.
# ---------------------------------------------------------------------------
FLAG_SETS = {
    "open_flags": ("bits", [
        # O_RDONLY is 0: shown when no access bit is set (see engine/schema).
        "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND",
        "O_NONBLOCK", "O_DSYNC", "O_ASYNC", "O_DIRECT", "O_LARGEFILE", "O_DIRECTORY",
        "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC", "O_SYNC", "O_PATH", "O_TMPFILE",
    ]),
    "clone_flags": ("bits", [
        "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_PIDFD",
        "CLONE_PTRACE", "CLONE_VFORK", "CLONE_PARENT", "CLONE_THREAD", "CLONE_NEWNS",
        "CLONE_SYSVSEM", "CLONE_SETTLS", "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID",
        "CLONE_DETACHED", "CLONE_UNTRACED", "CLONE_CHILD_SETTID", "CLONE_NEWCGROUP",
        "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWUSER", "CLONE_NEWPID", "CLONE_NEWNET",
        "CLONE_IO", "CLONE_NEWTIME", "CLONE_CLEAR_SIGHAND", "CLONE_INTO_CGROUP",
    ]),
    "ns_types": ("bits", [
        "CLONE_NEWNS", "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWUSER",
        "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_NEWTIME",
    ]),
    "socket_families": ("enum", [
        "AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM",
        "AF_BRIDGE", "AF_ATMPVC", "AF_X25", "AF_INET6", "AF_ROSE", "AF_DECnet", "AF_NETBEUI",
        "AF_SECURITY", "AF_KEY", "AF_NETLINK", "AF_PACKET", "AF_ASH", "AF_ECONET",
        "AF_ATMSVC", "AF_RDS", "AF_SNA", "AF_IRDA", "AF_PPPOX", "AF_WANPIPE", "AF_LLC",
        "AF_IB", "AF_MPLS", "AF_CAN", "AF_TIPC", "AF_BLUETOOTH", "AF_IUCV", "AF_RXRPC",
        "AF_ISDN", "AF_PHONET", "AF_IEEE802154", "AF_CAIF", "AF_ALG", "AF_NFC", "AF_VSOCK",
        "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP",
    ]),
    "socket_types": ("bits", [
        # The low nibble is the type proper; the engine names it as an enum.
        "SOCK_NONBLOCK", "SOCK_CLOEXEC",
    ]),
    "ptrace_requests": ("enum", [
        "PTRACE_TRACEME", "PTRACE_PEEKTEXT", "PTRACE_PEEKDATA", "PTRACE_PEEKUSER",
        "PTRACE_POKETEXT", "PTRACE_POKEDATA", "PTRACE_POKEUSER", "PTRACE_CONT",
        "PTRACE_KILL", "PTRACE_SINGLESTEP", "PTRACE_GETREGS", "PTRACE_SETREGS",
        "PTRACE_GETFPREGS", "PTRACE_SETFPREGS", "PTRACE_ATTACH", "PTRACE_DETACH",
        "PTRACE_GETFPXREGS", "PTRACE_SETFPXREGS", "PTRACE_SYSCALL", "PTRACE_SETOPTIONS",
        "PTRACE_GETEVENTMSG", "PTRACE_GETSIGINFO", "PTRACE_SETSIGINFO", "PTRACE_GETREGSET",
        "PTRACE_SETREGSET", "PTRACE_SEIZE", "PTRACE_INTERRUPT", "PTRACE_LISTEN",
        "PTRACE_PEEKSIGINFO", "PTRACE_GETSIGMASK", "PTRACE_SETSIGMASK",
        "PTRACE_SECCOMP_GET_FILTER", "PTRACE_SECCOMP_GET_METADATA", "PTRACE_SYSEMU",
        "PTRACE_SYSEMU_SINGLESTEP", "PTRACE_GET_SYSCALL_INFO",
    ]),
    "prctl_options": ("enum", [
        "PR_SET_PDEATHSIG", "PR_GET_PDEATHSIG", "PR_GET_DUMPABLE", "PR_SET_DUMPABLE",
        "PR_GET_KEEPCAPS", "PR_SET_KEEPCAPS", "PR_SET_NAME", "PR_GET_NAME",
        "PR_GET_SECCOMP", "PR_SET_SECCOMP", "PR_CAPBSET_READ", "PR_CAPBSET_DROP",
        "PR_GET_SECUREBITS", "PR_SET_SECUREBITS", "PR_SET_MM", "PR_SET_PTRACER",
        "PR_SET_CHILD_SUBREAPER", "PR_GET_CHILD_SUBREAPER", "PR_SET_NO_NEW_PRIVS",
        "PR_GET_NO_NEW_PRIVS", "PR_GET_TID_ADDRESS", "PR_SET_THP_DISABLE",
        "PR_GET_THP_DISABLE", "PR_CAP_AMBIENT",
    ]),
    "fcntl_cmds": ("enum", [
        "F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK", "F_SETLK",
        "F_SETLKW", "F_SETOWN", "F_GETOWN", "F_SETSIG", "F_GETSIG", "F_SETOWN_EX",
        "F_GETOWN_EX", "F_OFD_GETLK", "F_OFD_SETLK", "F_OFD_SETLKW", "F_SETLEASE",
        "F_GETLEASE", "F_NOTIFY", "F_DUPFD_CLOEXEC", "F_SETPIPE_SZ", "F_GETPIPE_SZ",
        "F_ADD_SEALS", "F_GET_SEALS",
    ]),
    "at_flags": ("bits", [
        "AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW", "AT_NO_AUTOMOUNT",
        "AT_EMPTY_PATH",
    ]),
    "rename_flags": ("bits", ["RENAME_NOREPLACE", "RENAME_EXCHANGE", "RENAME_WHITEOUT"]),
    "mount_flags": ("bits", [
        "MS_RDONLY", "MS_NOSUID", "MS_NODEV", "MS_NOEXEC", "MS_SYNCHRONOUS", "MS_REMOUNT",
        "MS_MANDLOCK", "MS_DIRSYNC", "MS_NOATIME", "MS_NODIRATIME", "MS_BIND", "MS_MOVE",
        "MS_REC", "MS_SILENT", "MS_POSIXACL", "MS_UNBINDABLE", "MS_PRIVATE", "MS_SLAVE",
        "MS_SHARED", "MS_RELATIME", "MS_KERNMOUNT", "MS_I_VERSION", "MS_STRICTATIME",
        "MS_LAZYTIME",
    ]),
    "umount_flags": ("bits", ["MNT_FORCE", "MNT_DETACH", "MNT_EXPIRE", "UMOUNT_NOFOLLOW"]),
    "memfd_flags": ("bits", ["MFD_CLOEXEC", "MFD_ALLOW_SEALING", "MFD_HUGETLB"]),
    "bpf_cmds": ("enum", [
        "BPF_MAP_CREATE", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM", "BPF_MAP_DELETE_ELEM",
        "BPF_MAP_GET_NEXT_KEY", "BPF_PROG_LOAD", "BPF_OBJ_PIN", "BPF_OBJ_GET",
        "BPF_PROG_ATTACH", "BPF_PROG_DETACH", "BPF_PROG_TEST_RUN", "BPF_PROG_GET_NEXT_ID",
        "BPF_MAP_GET_NEXT_ID", "BPF_PROG_GET_FD_BY_ID", "BPF_MAP_GET_FD_BY_ID",
        "BPF_OBJ_GET_INFO_BY_FD", "BPF_PROG_QUERY", "BPF_RAW_TRACEPOINT_OPEN",
        "BPF_BTF_LOAD", "BPF_BTF_GET_FD_BY_ID", "BPF_TASK_FD_QUERY",
        "BPF_MAP_LOOKUP_AND_DELETE_ELEM", "BPF_MAP_FREEZE", "BPF_BTF_GET_NEXT_ID",
        "BPF_MAP_LOOKUP_BATCH", "BPF_MAP_LOOKUP_AND_DELETE_BATCH", "BPF_MAP_UPDATE_BATCH",
        "BPF_MAP_DELETE_BATCH", "BPF_LINK_CREATE", "BPF_LINK_UPDATE",
        "BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID", "BPF_ENABLE_STATS",
        "BPF_ITER_CREATE", "BPF_LINK_DETACH", "BPF_PROG_BIND_MAP",
    ]),
    "signals": ("enum", [
        "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
        "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",
        "SIGPWR", "SIGSYS",
    ]),
    "capabilities": ("bits64", [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
        "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
        "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ]),
    "shutdown_how": ("enum", ["SHUT_RD", "SHUT_WR", "SHUT_RDWR"]),
    "sockopt_levels": ("enum", ["SOL_SOCKET", "IPPROTO_TCP", "IPPROTO_IP", "IPPROTO_IPV6"]),
    "sockopt_names": ("enum", [
        "SO_DEBUG", "SO_REUSEADDR", "SO_TYPE", "SO_ERROR", "SO_DONTROUTE", "SO_BROADCAST",
        "SO_SNDBUF", "SO_RCVBUF", "SO_KEEPALIVE", "SO_OOBINLINE", "SO_LINGER",
        "SO_REUSEPORT", "SO_RCVLOWAT", "SO_SNDLOWAT", "SO_RCVTIMEO", "SO_SNDTIMEO",
        "SO_PEERCRED", "SO_ACCEPTCONN", "SO_PROTOCOL", "SO_DOMAIN",
    ]),
    "fd_flags": ("bits", ["O_CLOEXEC", "O_NONBLOCK"]),
    "inotify_flags": ("bits", ["IN_NONBLOCK", "IN_CLOEXEC"]),
    "epoll_flags": ("bits", ["EPOLL_CLOEXEC"]),
    "eventfd_flags": ("bits", ["EFD_SEMAPHORE", "EFD_CLOEXEC", "EFD_NONBLOCK"]),
    "signalfd_flags": ("bits", ["SFD_CLOEXEC", "SFD_NONBLOCK"]),
    "timerfd_flags": ("bits", ["TFD_CLOEXEC", "TFD_NONBLOCK"]),
    "clockids": ("enum", [
        "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
        "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE",
        "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME", "CLOCK_REALTIME_ALARM",
        "CLOCK_BOOTTIME_ALARM", "CLOCK_TAI",
    ]),
    "close_range_flags": ("bits", ["CLOSE_RANGE_UNSHARE", "CLOSE_RANGE_CLOEXEC"]),
    "finit_module_flags": ("bits", [
        "MODULE_INIT_IGNORE_MODVERSIONS", "MODULE_INIT_IGNORE_VERMAGIC",
        "MODULE_INIT_COMPRESSED_FILE",
    ]),
    "delete_module_flags": ("bits", ["O_NONBLOCK", "O_TRUNC"]),
    "resolve_flags": ("bits", [
        "RESOLVE_NO_XDEV", "RESOLVE_NO_MAGICLINKS", "RESOLVE_NO_SYMLINKS",
        "RESOLVE_BENEATH", "RESOLVE_IN_ROOT", "RESOLVE_CACHED",
    ]),
    "uffd_flags": ("bits", ["O_CLOEXEC", "O_NONBLOCK", "UFFD_USER_MODE_ONLY"]),
    "io_uring_setup_flags": ("bits", [
        "IORING_SETUP_IOPOLL", "IORING_SETUP_SQPOLL", "IORING_SETUP_SQ_AFF",
        "IORING_SETUP_CQSIZE", "IORING_SETUP_CLAMP", "IORING_SETUP_ATTACH_WQ",
        "IORING_SETUP_R_DISABLED",
    ]),
    "pidfd_flags": ("bits", ["PIDFD_NONBLOCK"]),
    "ip_protos": ("enum", [
        "IPPROTO_IP", "IPPROTO_ICMP", "IPPROTO_TCP", "IPPROTO_UDP", "IPPROTO_ICMPV6",
        "IPPROTO_SCTP", "IPPROTO_RAW",
    ]),
    # Lanner's own: facts about the executable, computed by the driver at exec.
    "exe_flags": ("bits", [
        "LN_EXE_WRITABLE", "LN_EXE_UPPER_LAYER", "LN_EXE_FROM_MEMFD", "LN_EXE_LOWER_LAYER",
    ]),
    # Lanner's own: the kind of object behind an fd (fdinfo meta events).
    "fd_types": ("enum", [
        "LN_FD_UNKNOWN", "LN_FD_FILE", "LN_FD_DIRECTORY", "LN_FD_IPV4_SOCK",
        "LN_FD_IPV6_SOCK", "LN_FD_UNIX_SOCK", "LN_FD_NETLINK", "LN_FD_PIPE", "LN_FD_EVENT",
        "LN_FD_SIGNALFD", "LN_FD_EVENTPOLL", "LN_FD_INOTIFY", "LN_FD_TIMERFD", "LN_FD_MEMFD",
        "LN_FD_BPF", "LN_FD_USERFAULTFD", "LN_FD_IO_URING", "LN_FD_PIDFD",
        "LN_FD_OTHER_SOCK",
    ]),
}

# ---------------------------------------------------------------------------
# Parameter groups shared by several events.
# A parameter is (name, type, extra) where extra is a flag-set name for
# FLAGS*/ENUM32, the name of the directory-fd parameter for FSRELPATH, or None.
# ---------------------------------------------------------------------------
def P(name, ptype, extra=None, desc=""):
    return (name, ptype, extra, desc)


# What the driver reads from the current task when a process is created or
# replaced. Shared by execve/execveat (new image) and clone/fork/vfork/clone3
# (the task returning from the syscall: the child when res is 0).
TASK_SNAPSHOT = [
    P("exe", "CHARBUF", desc="argv[0] of the image"),
    P("args", "CHARBUFARRAY", desc="argv[1..], NUL-separated, bounded (truncation flagged)"),
    P("tid", "PID", desc="thread id"),
    P("pid", "PID", desc="process id (thread group id)"),
    P("ptid", "PID", desc="parent process id"),
    P("cwd", "CHARBUF", desc="current working directory"),
    P("fdlimit", "U64", desc="RLIMIT_NOFILE soft limit"),
    P("comm", "CHARBUF", desc="task command name (16 bytes max)"),
    P("cgroups", "CHARBUFARRAY", desc="subsystem=path for each cgroup hierarchy"),
    P("tty", "DEV", desc="controlling terminal device, 0 if none"),
    P("pgid", "PID", desc="process group id"),
    P("sid", "PID", desc="session id"),
    P("loginuid", "UID", desc="audit login uid (4294967295 if unset)"),
    P("uid", "UID", desc="effective user id"),
    P("gid", "GID", desc="effective group id"),
    P("vtid", "NSPID", desc="thread id in the task's pid namespace"),
    P("vpid", "NSPID", desc="process id in the task's pid namespace"),
    P("vpgid", "NSPID", desc="process group id in the task's pid namespace"),
    P("cap_inheritable", "FLAGS64", "capabilities"),
    P("cap_permitted", "FLAGS64", "capabilities"),
    P("cap_effective", "FLAGS64", "capabilities"),
    P("exe_ino", "U64", desc="inode number of the executable"),
    P("exe_ino_ctime", "ABSTIME", desc="ctime of the executable's inode"),
    P("exe_ino_mtime", "ABSTIME", desc="mtime of the executable's inode"),
    P("trusted_exepath", "CHARBUF", desc="full path of the executable as the kernel resolved it"),
    P("pidns_init_start_ts", "RELTIME", desc="start time (boot ns) of the pid namespace's init"),
    P("start_ts", "RELTIME", desc="start time (boot ns) of the process"),
]

EXEC_EXTRA = [
    P("env", "CHARBUFARRAY", desc="environment, NUL-separated, bounded"),
    P("flags", "FLAGS32", "exe_flags", desc="facts about the executable"),
    P("filename", "FSPATH", desc="path argument of the call"),
]

CLONE_EXTRA = [
    P("flags", "FLAGS32", "clone_flags"),
]

# ---------------------------------------------------------------------------
# Events. Ids are positions in this list, starting at 1 (0 is "unknown").
# APPEND ONLY.
# Each entry: (name, category, syscalls, params, description)
#   syscalls: syscall names whose exit produces this record ([] for others)
# ---------------------------------------------------------------------------
def R(t="ERRNO"):
    return P("res", t, desc="return value")


def FDRES():
    return P("fd", "FD", desc="new file descriptor, or negative errno")


EVENTS = [
    # --- process lifecycle ---------------------------------------------------
    ("execve", "PROCESS", ["execve"], [R()] + TASK_SNAPSHOT + EXEC_EXTRA,
     "program execution; on success the snapshot describes the new image"),
    ("execveat", "PROCESS", ["execveat"],
     [R()] + TASK_SNAPSHOT + EXEC_EXTRA + [
         P("dirfd", "FD"), P("at_flags", "FLAGS32", "at_flags")],
     "program execution relative to a directory fd"),
    ("clone", "PROCESS", ["clone"], [R("PID")] + TASK_SNAPSHOT + CLONE_EXTRA,
     "new thread or process; res is the child tid in the parent, 0 in the child"),
    ("clone3", "PROCESS", ["clone3"], [R("PID")] + TASK_SNAPSHOT + CLONE_EXTRA,
     "new thread or process (struct clone_args)"),
    ("fork", "PROCESS", ["fork"], [R("PID")] + TASK_SNAPSHOT + CLONE_EXTRA, "new process"),
    ("vfork", "PROCESS", ["vfork"], [R("PID")] + TASK_SNAPSHOT + CLONE_EXTRA,
     "new process sharing memory until exec"),
    ("procexit", "PROCESS", [], [
        P("status", "S64", desc="raw exit status"),
        P("ret", "S64", desc="exit code"),
        P("sig", "SIGNAL", "signals", desc="terminating signal, 0 if none"),
        P("core", "U8", desc="1 if a core was dumped"),
        P("reaper_tid", "PID", desc="thread that inherits the children, 0 if unknown"),
    ], "a thread exited (scheduler tracepoint, not a syscall)"),
    # --- files ---------------------------------------------------------------
    ("open", "FILE", ["open"], [
        FDRES(), P("name", "FSPATH"), P("flags", "FLAGS32", "open_flags"),
        P("mode", "MODE"), P("dev", "DEV"), P("ino", "U64")], "open a file"),
    ("openat", "FILE", ["openat"], [
        FDRES(), P("dirfd", "FD"), P("name", "FSRELPATH", "dirfd"),
        P("flags", "FLAGS32", "open_flags"), P("mode", "MODE"), P("dev", "DEV"),
        P("ino", "U64")], "open a file relative to a directory fd"),
    ("openat2", "FILE", ["openat2"], [
        FDRES(), P("dirfd", "FD"), P("name", "FSRELPATH", "dirfd"),
        P("flags", "FLAGS32", "open_flags"), P("mode", "MODE"),
        P("resolve", "FLAGS32", "resolve_flags"), P("dev", "DEV"), P("ino", "U64")],
     "open a file with struct open_how"),
    ("creat", "FILE", ["creat"], [
        FDRES(), P("name", "FSPATH"), P("mode", "MODE"), P("dev", "DEV"), P("ino", "U64")],
     "create a file"),
    ("open_by_handle_at", "FILE", ["open_by_handle_at"], [
        FDRES(), P("mountfd", "FD"), P("flags", "FLAGS32", "open_flags"),
        P("path", "FSPATH", desc="path of the opened file, read from the new fd")],
     "open a file by handle"),
    ("close", "IO_OTHER", ["close"], [R(), P("fd", "FD")], "close a file descriptor"),
    ("close_range", "IO_OTHER", ["close_range"], [
        R(), P("fd", "FD", desc="first fd"), P("max_fd", "FD"),
        P("flags", "FLAGS32", "close_range_flags")], "close a range of fds"),
    ("dup", "IO_OTHER", ["dup"], [R("FD"), P("oldfd", "FD")], "duplicate an fd"),
    ("dup2", "IO_OTHER", ["dup2"], [R("FD"), P("oldfd", "FD"), P("newfd", "FD")],
     "duplicate an fd onto another"),
    ("dup3", "IO_OTHER", ["dup3"], [
        R("FD"), P("oldfd", "FD"), P("newfd", "FD"), P("flags", "FLAGS32", "fd_flags")],
     "duplicate an fd onto another, with flags"),
    ("fcntl", "IO_OTHER", ["fcntl"], [
        R(), P("fd", "FD"), P("cmd", "ENUM32", "fcntl_cmds"), P("arg", "U64")],
     "fd control (tracked for F_DUPFD / F_DUPFD_CLOEXEC)"),
    ("pipe", "IPC", ["pipe"], [R(), P("fd1", "FD"), P("fd2", "FD"), P("ino", "U64")],
     "create a pipe"),
    ("pipe2", "IPC", ["pipe2"], [
        R(), P("fd1", "FD"), P("fd2", "FD"), P("ino", "U64"),
        P("flags", "FLAGS32", "open_flags")], "create a pipe, with flags"),
    ("eventfd", "IPC", ["eventfd"], [R("FD"), P("initval", "U64"),
                                     P("flags", "FLAGS32", "eventfd_flags")],
     "create an event fd"),
    ("eventfd2", "IPC", ["eventfd2"], [R("FD"), P("initval", "U64"),
                                       P("flags", "FLAGS32", "eventfd_flags")],
     "create an event fd, with flags"),
    ("signalfd", "SIGNAL", ["signalfd"], [R("FD"), P("fd", "FD"), P("mask", "U64"),
                                          P("flags", "FLAGS32", "signalfd_flags")],
     "create a signal fd"),
    ("signalfd4", "SIGNAL", ["signalfd4"], [R("FD"), P("fd", "FD"), P("mask", "U64"),
                                            P("flags", "FLAGS32", "signalfd_flags")],
     "create a signal fd, with flags"),
    ("timerfd_create", "IPC", ["timerfd_create"], [
        R("FD"), P("clockid", "ENUM32", "clockids"), P("flags", "FLAGS32", "timerfd_flags")],
     "create a timer fd"),
    ("epoll_create", "IPC", ["epoll_create"], [R("FD"), P("size", "S32")],
     "create an epoll instance"),
    ("epoll_create1", "IPC", ["epoll_create1"], [R("FD"), P("flags", "FLAGS32", "epoll_flags")],
     "create an epoll instance, with flags"),
    ("inotify_init", "IPC", ["inotify_init"], [R("FD")], "create an inotify instance"),
    ("inotify_init1", "IPC", ["inotify_init1"], [R("FD"),
                                                 P("flags", "FLAGS32", "inotify_flags")],
     "create an inotify instance, with flags"),
    ("memfd_create", "MEMORY", ["memfd_create"], [
        FDRES(), P("name", "CHARBUF"), P("flags", "FLAGS32", "memfd_flags")],
     "create an anonymous memory file"),
    ("mkdir", "FILE", ["mkdir"], [R(), P("path", "FSPATH"), P("mode", "MODE")],
     "create a directory"),
    ("mkdirat", "FILE", ["mkdirat"], [
        R(), P("dirfd", "FD"), P("path", "FSRELPATH", "dirfd"), P("mode", "MODE")],
     "create a directory relative to a directory fd"),
    ("rmdir", "FILE", ["rmdir"], [R(), P("path", "FSPATH")], "remove a directory"),
    ("unlink", "FILE", ["unlink"], [R(), P("path", "FSPATH")], "remove a file"),
    ("unlinkat", "FILE", ["unlinkat"], [
        R(), P("dirfd", "FD"), P("name", "FSRELPATH", "dirfd"),
        P("flags", "FLAGS32", "at_flags")], "remove a file or directory"),
    ("rename", "FILE", ["rename"], [R(), P("oldpath", "FSPATH"), P("newpath", "FSPATH")],
     "rename a file"),
    ("renameat", "FILE", ["renameat"], [
        R(), P("olddirfd", "FD"), P("oldpath", "FSRELPATH", "olddirfd"),
        P("newdirfd", "FD"), P("newpath", "FSRELPATH", "newdirfd")],
     "rename a file relative to directory fds"),
    ("renameat2", "FILE", ["renameat2"], [
        R(), P("olddirfd", "FD"), P("oldpath", "FSRELPATH", "olddirfd"),
        P("newdirfd", "FD"), P("newpath", "FSRELPATH", "newdirfd"),
        P("flags", "FLAGS32", "rename_flags")], "rename a file, with flags"),
    ("link", "FILE", ["link"], [R(), P("oldpath", "FSPATH"), P("newpath", "FSPATH")],
     "create a hard link"),
    ("linkat", "FILE", ["linkat"], [
        R(), P("olddir", "FD"), P("oldpath", "FSRELPATH", "olddir"),
        P("newdir", "FD"), P("newpath", "FSRELPATH", "newdir"),
        P("flags", "FLAGS32", "at_flags")], "create a hard link relative to directory fds"),
    ("symlink", "FILE", ["symlink"], [R(), P("target", "CHARBUF"), P("linkpath", "FSPATH")],
     "create a symbolic link"),
    ("symlinkat", "FILE", ["symlinkat"], [
        R(), P("target", "CHARBUF"), P("linkdirfd", "FD"),
        P("linkpath", "FSRELPATH", "linkdirfd")], "create a symbolic link relative to a directory fd"),
    ("chmod", "FILE", ["chmod"], [R(), P("filename", "FSPATH"), P("mode", "MODE")],
     "change file mode"),
    ("fchmod", "FILE", ["fchmod"], [R(), P("fd", "FD"), P("mode", "MODE")],
     "change file mode by fd"),
    ("fchmodat", "FILE", ["fchmodat"], [
        R(), P("dirfd", "FD"), P("filename", "FSRELPATH", "dirfd"), P("mode", "MODE")],
     "change file mode relative to a directory fd"),
    ("chown", "FILE", ["chown"], [R(), P("path", "FSPATH"), P("uid", "UID"), P("gid", "GID")],
     "change file owner"),
    ("lchown", "FILE", ["lchown"], [R(), P("path", "FSPATH"), P("uid", "UID"), P("gid", "GID")],
     "change symbolic link owner"),
    ("fchown", "FILE", ["fchown"], [R(), P("fd", "FD"), P("uid", "UID"), P("gid", "GID")],
     "change file owner by fd"),
    ("fchownat", "FILE", ["fchownat"], [
        R(), P("dirfd", "FD"), P("pathname", "FSRELPATH", "dirfd"), P("uid", "UID"),
        P("gid", "GID"), P("flags", "FLAGS32", "at_flags")],
     "change file owner relative to a directory fd"),
    ("chdir", "FILE", ["chdir"], [R(), P("path", "FSPATH")], "change working directory"),
    ("fchdir", "FILE", ["fchdir"], [R(), P("fd", "FD")], "change working directory by fd"),
    ("chroot", "FILE", ["chroot"], [R(), P("path", "FSPATH")], "change root directory"),
    ("mount", "FILE", ["mount"], [
        R(), P("dev", "CHARBUF"), P("dir", "FSPATH"), P("type", "CHARBUF"),
        P("flags", "FLAGS32", "mount_flags")], "mount a file system"),
    ("umount2", "FILE", ["umount2"], [
        R(), P("name", "FSPATH"), P("flags", "FLAGS32", "umount_flags")],
     "unmount a file system"),
    # --- network -------------------------------------------------------------
    ("socket", "NET", ["socket"], [
        FDRES(), P("domain", "ENUM32", "socket_families"), P("type", "U32"),
        P("proto", "U32")], "create a socket"),
    ("socketpair", "IPC", ["socketpair"], [
        R(), P("fd1", "FD"), P("fd2", "FD"), P("source", "U64"), P("peer", "U64"),
        P("domain", "ENUM32", "socket_families"), P("type", "U32"), P("proto", "U32")],
     "create a connected pair of sockets"),
    ("connect", "NET", ["connect"], [
        R(), P("tuple", "SOCKTUPLE"), P("fd", "FD"), P("addr", "SOCKADDR")],
     "connect a socket"),
    ("accept", "NET", ["accept"], [
        FDRES(), P("tuple", "SOCKTUPLE"), P("queuepct", "U8"), P("queuelen", "U32"),
        P("queuemax", "U32"), P("listen_fd", "FD")], "accept a connection"),
    ("accept4", "NET", ["accept4"], [
        FDRES(), P("tuple", "SOCKTUPLE"), P("queuepct", "U8"), P("queuelen", "U32"),
        P("queuemax", "U32"), P("listen_fd", "FD"), P("flags", "FLAGS32", "socket_types")],
     "accept a connection, with flags"),
    ("bind", "NET", ["bind"], [R(), P("addr", "SOCKADDR"), P("fd", "FD")],
     "bind a socket to an address"),
    ("listen", "NET", ["listen"], [R(), P("fd", "FD"), P("backlog", "S32")],
     "listen for connections"),
    ("sendto", "IO_WRITE", ["sendto"], [
        R(), P("data", "BYTEBUF"), P("fd", "FD"), P("size", "U32"), P("tuple", "SOCKTUPLE")],
     "send a message"),
    ("sendmsg", "IO_WRITE", ["sendmsg"], [
        R(), P("data", "BYTEBUF"), P("fd", "FD"), P("size", "U32"), P("tuple", "SOCKTUPLE")],
     "send a message (struct msghdr)"),
    ("sendmmsg", "IO_WRITE", ["sendmmsg"], [
        R(), P("fd", "FD"), P("vlen", "U32"), P("data", "BYTEBUF"), P("size", "U32"),
        P("tuple", "SOCKTUPLE")], "send several messages; data and tuple of the first"),
    ("recvfrom", "IO_READ", ["recvfrom"], [
        R(), P("data", "BYTEBUF"), P("tuple", "SOCKTUPLE"), P("fd", "FD"), P("size", "U32")],
     "receive a message"),
    ("recvmsg", "IO_READ", ["recvmsg"], [
        R(), P("size", "U32"), P("data", "BYTEBUF"), P("tuple", "SOCKTUPLE"), P("fd", "FD")],
     "receive a message (struct msghdr)"),
    ("recvmmsg", "IO_READ", ["recvmmsg"], [
        R(), P("fd", "FD"), P("vlen", "U32"), P("data", "BYTEBUF"), P("size", "U32"),
        P("tuple", "SOCKTUPLE")], "receive several messages; data and tuple of the first"),
    ("shutdown", "NET", ["shutdown"], [R(), P("fd", "FD"), P("how", "ENUM32", "shutdown_how")],
     "shut down part of a connection"),
    ("getsockopt", "NET", ["getsockopt"], [
        R(), P("fd", "FD"), P("level", "ENUM32", "sockopt_levels"),
        P("optname", "ENUM32", "sockopt_names"), P("val", "S64"), P("optlen", "U32")],
     "read a socket option (tracked for SO_ERROR after a non-blocking connect)"),
    # --- credentials, namespaces, security-relevant calls --------------------
    ("setuid", "USER", ["setuid"], [R(), P("uid", "UID")], "set user id"),
    ("setgid", "USER", ["setgid"], [R(), P("gid", "GID")], "set group id"),
    ("setreuid", "USER", ["setreuid"], [R(), P("ruid", "UID"), P("euid", "UID")],
     "set real and effective user ids"),
    ("setregid", "USER", ["setregid"], [R(), P("rgid", "GID"), P("egid", "GID")],
     "set real and effective group ids"),
    ("setresuid", "USER", ["setresuid"], [
        R(), P("ruid", "UID"), P("euid", "UID"), P("suid", "UID")],
     "set real, effective and saved user ids"),
    ("setresgid", "USER", ["setresgid"], [
        R(), P("rgid", "GID"), P("egid", "GID"), P("sgid", "GID")],
     "set real, effective and saved group ids"),
    ("setsid", "PROCESS", ["setsid"], [R("PID")], "create a session"),
    ("setpgid", "PROCESS", ["setpgid"], [R(), P("pid", "PID"), P("pgid", "PID")],
     "set process group"),
    ("capset", "PROCESS", ["capset"], [
        R(), P("cap_inheritable", "FLAGS64", "capabilities"),
        P("cap_permitted", "FLAGS64", "capabilities"),
        P("cap_effective", "FLAGS64", "capabilities")],
     "set capabilities (values read from the task after the call)"),
    ("prctl", "PROCESS", ["prctl"], [
        R(), P("option", "ENUM32", "prctl_options"), P("arg2_str", "CHARBUF"),
        P("arg2_int", "S64")], "process control"),
    ("ptrace", "PROCESS", ["ptrace"], [
        R(), P("request", "ENUM32", "ptrace_requests"), P("pid", "PID"), P("addr", "U64"),
        P("data", "U64")], "trace another process"),
    ("kill", "SIGNAL", ["kill"], [R(), P("pid", "PID"), P("sig", "SIGNAL", "signals")],
     "send a signal to a process"),
    ("tkill", "SIGNAL", ["tkill"], [R(), P("tid", "PID"), P("sig", "SIGNAL", "signals")],
     "send a signal to a thread"),
    ("tgkill", "SIGNAL", ["tgkill"], [
        R(), P("pid", "PID"), P("tid", "PID"), P("sig", "SIGNAL", "signals")],
     "send a signal to a thread of a process"),
    ("unshare", "PROCESS", ["unshare"], [R(), P("flags", "FLAGS32", "clone_flags")],
     "leave namespaces"),
    ("setns", "PROCESS", ["setns"], [R(), P("fd", "FD"), P("nstype", "FLAGS32", "ns_types")],
     "enter a namespace"),
    ("bpf", "SYSTEM", ["bpf"], [P("res_or_fd", "ERRNO"), P("cmd", "ENUM32", "bpf_cmds")],
     "BPF operation"),
    ("userfaultfd", "SYSTEM", ["userfaultfd"], [R("FD"), P("flags", "FLAGS32", "uffd_flags")],
     "create a userfaultfd"),
    ("io_uring_setup", "IO_OTHER", ["io_uring_setup"], [
        R("FD"), P("entries", "U32"), P("sq_entries", "U32"), P("cq_entries", "U32"),
        P("flags", "FLAGS32", "io_uring_setup_flags"), P("sq_thread_cpu", "U32"),
        P("sq_thread_idle", "U32"), P("features", "U32")], "create an io_uring"),
    ("init_module", "SYSTEM", ["init_module"], [
        R(), P("img", "BYTEBUF"), P("length", "U64"), P("uargs", "CHARBUF")],
     "load a kernel module from memory"),
    ("finit_module", "SYSTEM", ["finit_module"], [
        R(), P("fd", "FD"), P("uargs", "CHARBUF"),
        P("flags", "FLAGS32", "finit_module_flags")], "load a kernel module from an fd"),
    ("delete_module", "SYSTEM", ["delete_module"], [
        R(), P("name", "CHARBUF"), P("flags", "FLAGS32", "delete_module_flags")],
     "unload a kernel module"),
    ("pidfd_open", "PROCESS", ["pidfd_open"], [
        R("FD"), P("pid", "PID"), P("flags", "FLAGS32", "pidfd_flags")],
     "open a process fd"),
    ("pidfd_getfd", "PROCESS", ["pidfd_getfd"], [
        R("FD"), P("pidfd", "FD"), P("targetfd", "FD"), P("flags", "U32")],
     "duplicate an fd of another process"),
    ("fchmodat2", "FILE", ["fchmodat2"], [
        R(), P("dirfd", "FD"), P("filename", "FSRELPATH", "dirfd"), P("mode", "MODE"),
        P("flags", "FLAGS32", "at_flags")], "change file mode relative to a directory fd, with flags"),
    # --- meta events: never produced by a driver; the state section of a capture
    ("threadinfo", "META", [], [
        P("tid", "PID"), P("pid", "PID"), P("ptid", "PID"), P("comm", "CHARBUF"),
        P("exe", "CHARBUF"), P("args", "CHARBUFARRAY"), P("cwd", "CHARBUF"),
        P("env", "CHARBUFARRAY"), P("uid", "UID"), P("gid", "GID"), P("loginuid", "UID"),
        P("cgroups", "CHARBUFARRAY"), P("container_id", "CHARBUF"), P("tty", "DEV"),
        P("pgid", "PID"), P("sid", "PID"), P("vtid", "NSPID"), P("vpid", "NSPID"),
        P("vpgid", "NSPID"), P("exe_flags", "FLAGS32", "exe_flags"),
        P("cap_inheritable", "FLAGS64", "capabilities"),
        P("cap_permitted", "FLAGS64", "capabilities"),
        P("cap_effective", "FLAGS64", "capabilities"), P("exe_ino", "U64"),
        P("exe_ino_ctime", "ABSTIME"), P("exe_ino_mtime", "ABSTIME"),
        P("trusted_exepath", "CHARBUF"), P("start_ts", "RELTIME"),
        P("pidns_init_start_ts", "RELTIME"), P("fdlimit", "U64")],
     "state section: one thread alive when the capture started"),
    ("fdinfo", "META", [], [
        P("pid", "PID"), P("fd", "FD"), P("type", "ENUM32", "fd_types"),
        P("flags", "FLAGS32", "open_flags"), P("name", "CHARBUF"), P("tuple", "SOCKTUPLE"),
        P("ino", "U64"), P("dev", "DEV"),
        P("l4proto", "ENUM32", "ip_protos", desc="IPPROTO_* of a socket, 0 otherwise"),
        P("role", "U8", desc="socket role: 0 unknown, 1 client, 2 server")],
     "state section: one open fd of a process alive when the capture started"),
    ("userinfo", "META", [], [
        P("uid", "UID"), P("gid", "GID"), P("name", "CHARBUF"), P("homedir", "CHARBUF"),
        P("shell", "CHARBUF")], "state section: one user of the host"),
    ("groupinfo", "META", [], [P("gid", "GID"), P("name", "CHARBUF")],
     "state section: one group of the host"),
]
