"""`check`'s batch on two cores: the goals' second half answered by a forked copy of the
process (the knowledge base already loaded), the first half here, the lines written in order.

A goal's answer does not depend on the other goals of its batch (they share work, never
answers), so the output is the one process's byte for byte. Wherever the two could differ,
this process answers the whole batch itself as before: the copy's half fails in any way (an
error of the whole batch, a crash, its lines not all sent: its half is answered here then), or
the two halves' programs together reach the cap of one batch's goals (`MAX_GOALS`: the whole
batch might have, so it is asked whole). Nothing is written before both halves are answered,
as nothing was before the whole batch was. One process answers a batch of fewer than
`MIN_GOALS` goals, without `fork`, on one CPU, or while no other CPU is idle (see
`_two_jobs`; `TRAITLOGIC_JOBS=1` always).
"""
from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..core import collector
from ..core.errors import TraitlogicError

if TYPE_CHECKING:
    from ..api import KnowledgeBase

MIN_GOALS = 400  # fewer: a second process costs more than it saves
Write = Callable[[str], Any]


def answer(knowledge: KnowledgeBase, goals: Sequence[str], proofs: bool, suggest: bool, write: Write,
           min_goals: int = MIN_GOALS) -> bool | TraitlogicError:
    """Answer `goals`, writing one JSON line each (`write`): True when a goal had an error, or
    the `TraitlogicError` of a whole batch that cannot be answered (nothing written then)."""
    child = _Child.fork(knowledge, goals, proofs, suggest) if _two_jobs(len(goals), min_goals) else None
    if child is None:
        return _serial(knowledge, goals, proofs, suggest, write)
    try:
        try:
            with collector.paused():
                mine: list[Any] | None = knowledge.ask_many(goals[:child.start])
        except TraitlogicError:  # this half cannot be answered: the whole batch is asked
            mine = None
        header = child.header() if mine is not None else None
        if mine is None or header is None or header[0] + clause_count(mine) >= _max_goals():
            child.stop()
            return _serial(knowledge, goals, proofs, suggest, write)
        errors = _write(mine, proofs, suggest, write)
        text = child.lines()
        if text is None:  # its lines did not all come: its half answered here (as it was there)
            rest = _serial(knowledge, goals[child.start:], proofs, suggest, write)
            return rest if isinstance(rest, TraitlogicError) else rest or errors
        write(text)
        return errors or header[1] > 0
    finally:
        child.stop()


def _two_jobs(n: int, min_goals: int) -> bool:
    """Whether to answer on two cores: a big enough batch, `fork`, and two CPUs, one of them
    idle now (`TRAITLOGIC_JOBS`: 1 never, 2 whenever there are two CPUs). Where another
    process keeps a CPU busy, the two halves would share the other one: slower than one."""
    jobs = os.environ.get("TRAITLOGIC_JOBS", "")
    if n < max(min_goals, 2) or jobs == "1" or not hasattr(os, "fork"):
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus >= 2 and (jobs == "2" or _running() < cpus)


def _running() -> int:
    """The processes running or ready to run now, this one included (Linux; else 1)."""
    try:
        with open("/proc/loadavg", "rb") as f:
            return int(f.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return 1


def _max_goals() -> int:
    from ..lower import MAX_GOALS  # loaded with the library already (start-up time)

    return MAX_GOALS


def _serial(knowledge: KnowledgeBase, goals: Sequence[str], proofs: bool, suggest: bool,
            write: Write) -> bool | TraitlogicError:
    """The batch in this process: answered whole, then each line written as it is made."""
    try:
        with collector.paused():
            results = knowledge.ask_many(goals)
    except TraitlogicError as exc:  # a resource limit of the whole batch
        return exc
    return _write(results, proofs, suggest, write)


def _write(results: Sequence[Any], proofs: bool, suggest: bool, write: Write) -> bool:
    from ..api import GoalError  # loaded with the library already (start-up time)
    from ..render import dumps

    for result in results:
        write(dumps(result.to_dict(proofs, suggest)) + "\n")
    return any(isinstance(r, GoalError) for r in results)


def clause_count(results: Sequence[Any]) -> int:
    """The clauses of the programs that answered `results` (each program once)."""
    from ..answer import Answer, Conjunction  # loaded with the library already (start-up time)

    programs: dict[int, int] = {}
    for result in results:
        for a in (result.answers if isinstance(result, Conjunction) else [result]):
            if isinstance(a, Answer):
                program = a.program
                programs[id(program)] = len(program.clauses)
    return sum(programs.values())


class _Child:
    """The forked copy answering `goals[start:]`. It sends, over a pipe, `ok CLAUSES ERRORS`
    once its half is answered, then the byte count and its lines (UTF-8); it exits 0 when all
    is sent, 1 on anything else (nothing more sent)."""

    def __init__(self, pid: int, fd: int, start: int):
        self.pid, self.fd, self.start = pid, fd, start
        self._buffer = b""

    @classmethod
    def fork(cls, knowledge: KnowledgeBase, goals: Sequence[str], proofs: bool, suggest: bool) -> _Child | None:
        start = len(goals) // 2
        try:
            read, write = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the copy: never returns
            code = 1
            try:
                os.close(read)
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)  # the batch's stdout is the parent's alone
                code = _child_main(knowledge, goals[start:], proofs, suggest, write)
            except BaseException:  # noqa: BLE001, S110 -- whatever happens, the parent answers the half
                pass
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read, start)

    def _read_line(self) -> bytes | None:
        while b"\n" not in self._buffer:
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return None
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def header(self) -> tuple[int, int] | None:
        """(its programs' clauses, its goals with an error) once its half is answered; None if
        it could not answer it."""
        words = (self._read_line() or b"").split()
        if len(words) != 3 or words[0] != b"ok":
            return None
        return int(words[1]), int(words[2])

    def lines(self) -> str | None:
        """Its lines, all of them, or None when they did not all come (it failed)."""
        size = self._read_line()
        if size is None or not size.isdigit():
            return None
        want = int(size)
        parts, have = [self._buffer], len(self._buffer)
        while have < want:
            chunk = os.read(self.fd, max(want - have, 1 << 16))
            if not chunk:
                return None
            parts.append(chunk)
            have += len(chunk)
        data = b"".join(parts)
        if len(data) != want or self._wait() != 0:
            return None
        return data.decode("utf-8", "surrogatepass")

    def _wait(self) -> int:
        if self.pid == 0:
            return -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return os.waitstatus_to_exitcode(status)

    def stop(self) -> None:
        """Ended and reaped (killed if still running); its pipe closed."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self._wait()
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _child_main(knowledge: KnowledgeBase, goals: Sequence[str], proofs: bool, suggest: bool, fd: int) -> int:
    from ..api import GoalError  # loaded with the library already (start-up time)
    from ..render import dumps

    with collector.paused():
        results = knowledge.ask_many(goals)
    errors = sum(isinstance(r, GoalError) for r in results)
    _send(fd, b"ok %d %d\n" % (clause_count(results), errors))
    data = "".join(dumps(r.to_dict(proofs, suggest)) + "\n" for r in results).encode("utf-8", "surrogatepass")
    _send(fd, b"%d\n" % len(data))
    _send(fd, data)
    return 0


def _send(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
