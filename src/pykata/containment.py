"""The trust boundary: one unit of untrusted code, contained by the kernel.

The grading worker forks one child per unit; before that child imports any learner code it
calls :func:`enter`, which uses what the kernel allows here:

- **namespaces** (``unshare``): a new PID namespace, so every process the unit starts (a
  ``setsid`` daemon included) is killed by the kernel when the unit ends; a new network
  namespace with only loopback, so nothing connects out (subprocesses included); a new mount
  namespace where every file system is read-only but the unit's own home and temporary
  directory, with a private ``/proc`` and the other grading stages hidden. Without root, a user
  namespace makes this possible for an ordinary user where the kernel permits it.
- **an unprivileged user** when the grader runs as root: the learner's code runs as a uid of
  its own, so the project, the engine, the result cache and other stages are not writable; its
  processes are capped (``RLIMIT_NPROC``), and :func:`kill_unit_processes` kills everything
  that uid still runs when the unit ends (the fallback when PID namespaces are refused).

:func:`probe` says what is available, once per process; :meth:`Containment.describe` is the one
line reports show. Nothing here patches Python: what the kernel refuses is not pretended.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import re
import resource
import signal
import socket
import struct
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC = 1, 32, 4096, 0x4000
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP = 1, 38, 24
CAPABILITY_VERSION_3 = 0x20080522
MS_PRIVATE = 1 << 18
MS_NOSUID, MS_NODEV, MS_NOEXEC = 2, 4, 8
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
# Mount options a remount must keep (a user namespace may not clear them).
LOCKED_OPTIONS = {"nosuid": 2, "nodev": 4, "noexec": 8, "noatime": 1024, "nodiratime": 2048}
UNIT_UID = 64_000  # the learner's code runs as this uid (plus its slot) when the grader is root
MAX_UNIT_PROCESSES = 128
SLOT_LOCKS = Path(tempfile.gettempdir()) / "pykata-slots"
MAX_SLOTS = 1024  # unit uids UNIT_UID .. UNIT_UID + MAX_SLOTS - 1
STAGE_PREFIX = "pykata-"


@dataclass(frozen=True)
class Containment:
    """What the kernel lets this grader do for each unit."""

    namespaces: bool  # PID, network and mount namespaces
    user_namespace: bool  # the namespaces need a user namespace (the grader is not root)
    drop_user: bool  # the grader is root: the learner's code runs as UNIT_UID

    @property
    def contained(self) -> bool:
        """Nothing a unit starts outlives it, and it cannot reach the network."""
        return self.namespaces or self.drop_user

    def describe(self) -> str:
        parts = []
        if self.namespaces:
            parts.append("own PID, network (loopback only) and mount namespaces")
        else:
            parts.append("no namespaces (the kernel refused them)")
        if self.drop_user:
            parts.append(f"learner code as unprivileged uid {UNIT_UID}")
        elif os.geteuid() != 0:
            parts.append("learner code as the grading user")
        return "containment: " + "; ".join(parts)


@cache
def probe() -> Containment:
    """Try the namespaces in a throwaway child; decide whether to drop the user (only when
    an unprivileged uid can run this Python: a Python installed under /root cannot)."""
    drop_user = os.geteuid() == 0 and _unit_user_can_import()
    for user_namespace in (False, True) if os.geteuid() == 0 else (True,):
        if _can_unshare(_namespace_flags(user_namespace)):
            return Containment(True, user_namespace, drop_user)
    return Containment(False, False, drop_user)


def _unit_user_can_import() -> bool:
    """Whether UNIT_UID can read the standard library and the installed packages."""
    needed = [Path(os.__file__).parent, Path(pytest_location())]
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(UNIT_UID)
            os.setuid(UNIT_UID)
            readable = all(os.access(path, os.R_OK | os.X_OK) for path in needed)
        except OSError:
            readable = False
        os._exit(0 if readable else 1)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def pytest_location() -> str:
    import pytest

    return str(Path(pytest.__file__).parent)


def _namespace_flags(user_namespace: bool) -> int:
    flags = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS
    return flags | CLONE_NEWUSER if user_namespace else flags


def _can_unshare(flags: int) -> bool:
    pid = os.fork()
    if pid == 0:
        code = 0 if _libc().unshare(flags) == 0 else 1
        os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


@cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def prepare_stage(plan: Containment, stage: Path, writable: list[Path]) -> None:
    """Before any unit runs: let the unit's uid read the stage and write only ``writable``."""
    if not plan.drop_user:
        return
    stage.chmod(0o711)
    for directory in (stage, *stage.rglob("*")):
        if directory.is_dir() and not directory.is_symlink():
            directory.chmod(0o711 if directory == stage else 0o755)
        elif directory.is_file():
            directory.chmod(0o644)
    for path in writable:  # shared by the slots' uids, like /tmp
        path.chmod(0o1777)


def enter(plan: Containment, stage: Path, writable: list[Path], slot: int = 0) -> None:
    """In the unit's child, before the learner's code: contain this process.

    With namespaces this forks: the parent stays behind only to wait and pass on the exit
    status, so the caller continues as PID 1 of the new namespace. There every file system is
    read-only except the ``writable`` directories of the stage (the unit's home and temporary
    directory), and a root grader that cannot drop to an unprivileged uid drops every
    capability instead, so the mounts stay read-only.
    """
    if plan.namespaces:
        uid, gid = os.getuid(), os.getgid()
        if _libc().unshare(_namespace_flags(plan.user_namespace)) != 0:
            raise OSError(ctypes.get_errno(), "unshare refused after the probe allowed it")
        if plan.user_namespace:
            _map_user(uid, gid)
        _wait_in_parent_of_namespace()
        _private_mounts(stage)
        _read_only_mounts(writable)
        _loopback_up()
        if not plan.drop_user:
            _drop_capabilities()
    if plan.drop_user:
        resource.setrlimit(resource.RLIMIT_NPROC, (MAX_UNIT_PROCESSES, MAX_UNIT_PROCESSES))
        os.setgroups([])
        os.setgid(UNIT_UID + slot)
        os.setuid(UNIT_UID + slot)
        die_with_parent()


def die_with_parent(expected_parent: int | None = None) -> None:
    """Ask the kernel to kill this process when its parent dies (Ctrl-C, a closed terminal,
    a killed grader), so no grading process is ever left behind. Set again after a change of
    user, which clears it."""
    _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)  # the parent died before the request took effect


def claim_slots(count: int) -> tuple[list[int], list[int]]:
    """Claim ``count`` unit slots (hence uids) that no other grading on this machine holds,
    so two gradings at once never share a uid (nor kill each other's units). A slot is held by
    an exclusive lock on a file of its own, which the kernel releases when the holder exits.
    Returns the slots and the locks' descriptors (for :func:`release_locks` in each child)."""
    SLOT_LOCKS.mkdir(mode=0o755, exist_ok=True)
    slots: list[int] = []
    descriptors: list[int] = []
    for slot in range(MAX_SLOTS):
        if len(slots) == count:
            break
        descriptor = os.open(SLOT_LOCKS / f"{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        slots.append(slot)
        descriptors.append(descriptor)
    if len(slots) < count:
        raise OSError(f"fewer than {count} free unit slots in {SLOT_LOCKS}")
    return slots, descriptors


def release_locks(descriptors: list[int]) -> None:
    """In a unit's child: close its copies of the slot locks (the worker's copies keep them
    held), so the learner's code cannot unlock a slot another grading would then take."""
    for descriptor in descriptors:
        with contextlib.suppress(OSError):
            os.close(descriptor)


def kill_unit_processes(plan: Containment, slot: int = 0) -> None:
    """After a unit: kill every process the unit's uid still runs (``kill(-1)`` as that uid
    reaches exactly those). Units running at once use different slots, hence uids."""
    if not plan.drop_user:
        return
    pid = os.fork()
    if pid == 0:
        try:
            os.setgid(UNIT_UID + slot)
            os.setuid(UNIT_UID + slot)
            with contextlib.suppress(ProcessLookupError):
                os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _map_user(uid: int, gid: int) -> None:
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
    Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")


def _wait_in_parent_of_namespace() -> None:
    """Fork the namespace's first process; this process only waits for it and exits alike.

    When the first process exits, the kernel kills every other process of the namespace.
    """
    pid = os.fork()
    if pid == 0:
        die_with_parent()  # (its parent is outside its namespace: getppid() reads 0)
        return
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _pid, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        os.kill(os.getpid(), -code)
    os._exit(code)


def _private_mounts(stage: Path) -> None:
    """A /proc of this namespace only, and every other grading stage hidden."""
    libc = _libc()
    libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None)
    libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
    for sibling in other_stages(stage, [Path(sys.prefix), *map(Path, filter(None, sys.path))]):
        libc.mount(b"tmpfs", bytes(sibling), b"tmpfs", MS_NOSUID | MS_NODEV, b"size=4k")


def other_stages(stage: Path, needed: list[Path]) -> list[Path]:
    """The other gradings' directories beside ``stage``, but none that holds what this unit
    needs (its Python, the engine, the project: a clone may sit in ``/tmp/pykata-...`` too)."""
    kept = [path.resolve() for path in needed]
    return [
        sibling
        for sibling in sorted(stage.parent.glob(f"{STAGE_PREFIX}*"))
        if sibling != stage
        and sibling.is_dir()
        and not any(path.is_relative_to(sibling.resolve()) for path in kept)
    ]


def _read_only_mounts(writable: list[Path]) -> None:
    """Every mount read-only except ``writable`` (bound onto themselves first, so they stay
    writable) and the kernel's own (/proc, /sys, /dev: devices and shared memory)."""
    libc = _libc()
    for path in writable:
        libc.mount(bytes(path), bytes(path), None, MS_BIND, None)
    kept = {str(path) for path in writable}
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        point = _unescape(fields[4])
        if point in kept or point.startswith(("/proc", "/sys", "/dev")):
            continue
        options = set(fields[5].split(","))
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        flags |= sum(flag for name, flag in LOCKED_OPTIONS.items() if name in options)
        libc.mount(None, point.encode(), None, flags, None)


def _unescape(field: str) -> str:
    """mountinfo escapes spaces, tabs, newlines and backslashes as octal."""
    return re.sub(r"\\([0-7]{3})", lambda match: chr(int(match.group(1), 8)), field)


def _drop_capabilities() -> None:
    """Keep uid 0 but lose every capability (remounting, overriding file permissions, ...)."""
    libc = _libc()
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    for capability in range(64):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)
    header = struct.pack("Ii", CAPABILITY_VERSION_3, 0)
    data = ctypes.create_string_buffer(24)  # two empty (effective, permitted, inheritable) sets
    if libc.capset(ctypes.c_char_p(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset refused")


def _loopback_up() -> None:
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(probe, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))
