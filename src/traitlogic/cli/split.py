"""`check`'s batch on two cores: a forked copy of the process (the knowledge base already
loaded) and this one answer the batch's chunks, each claiming the next when done, and the
lines are written in order.

A goal's answer does not depend on the other goals of its batch (they share work, never
answers), so the output is the one process's byte for byte. Wherever the two could differ,
this process answers the whole batch itself as before: a chunk that cannot be answered (an
error of the whole batch), or the chunks' programs together at the cap of one batch's goals
(`MAX_GOALS`: the whole batch might have reached it). A chunk the copy claimed but did not
deliver (it failed in any way) is answered here. Nothing is written before every chunk is
answered, as nothing was before the whole batch was. One process answers a batch of fewer
than `MIN_GOALS` goals, without `fork`, on one CPU, or while no other CPU is idle (see
`_two_jobs`; `TRAITLOGIC_JOBS=1` always).
"""
from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..core.errors import TraitlogicError

if TYPE_CHECKING:
    from ..api import KnowledgeBase

MIN_GOALS = 400  # fewer: a second process costs more than it saves
# The batch's chunks, in order, each answered whole by whichever process claims it first: two
# big ones (one each), then two small ones for whichever is done first (where the other runs
# slower, on a CPU it shares, it does less; a chunk shares less work than the whole batch).
SHARES = (0.35, 0.35, 0.15, 0.15)
Write = Callable[[str], Any]


def answer(knowledge: KnowledgeBase, goals: Sequence[str], proofs: bool, suggest: bool, write: Write,
           min_goals: int = MIN_GOALS) -> bool | TraitlogicError:
    """Answer `goals`, writing one JSON line each (`write`): True when a goal had an error, or
    the `TraitlogicError` of a whole batch that cannot be answered (nothing written then)."""
    chunks = _chunks(len(goals))
    child = _Child.fork(knowledge, goals, chunks, proofs, suggest) if _two_jobs(len(goals), min_goals) else None
    if child is None:
        return _serial(knowledge, goals, proofs, suggest, write)
    try:
        mine: dict[int, list[Any]] = {}
        try:
            while (k := child.claim()) is not None:
                mine[k] = _ask(knowledge, goals, chunks[k])
            theirs = child.results()  # (once it has ended)
            for k in range(len(chunks)):
                if theirs is not None and k not in mine and k not in theirs:  # it claimed it, then failed
                    mine[k] = _ask(knowledge, goals, chunks[k])
        except TraitlogicError:  # a chunk cannot be answered: the whole batch is asked
            theirs = None
        if theirs is None or sum(map(clause_count, mine.values())) + sum(c for c, _, _ in theirs.values()) \
                >= _max_goals():
            child.stop()
            return _serial(knowledge, goals, proofs, suggest, write)
        errors = False
        for k in range(len(chunks)):
            if k in theirs:
                write(theirs[k][2])
                errors = errors or theirs[k][1] > 0
            else:
                errors = _write(mine[k], proofs, suggest, write) or errors
        return errors
    finally:
        child.stop()


def _chunks(n: int) -> list[tuple[int, int]]:
    bounds, total = [0], 0.0
    for share in SHARES[:-1]:
        total += share
        bounds.append(round(n * total))
    bounds.append(n)
    return list(pairwise(bounds))


def _ask(knowledge: KnowledgeBase, goals: Sequence[str], chunk: tuple[int, int]) -> list[Any]:
    return knowledge.ask_many(goals[chunk[0]:chunk[1]])  # (the collector paused there)


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
        results = knowledge.ask_many(goals)  # (the collector paused there)
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
    """The forked copy. It claims chunks as this process does (a byte each, read from a pipe
    both share: each is read once), and for each it writes `K CLAUSES ERRORS SIZE` and its
    lines (SIZE bytes of UTF-8) to a file both share, or `X K` when chunk K cannot be answered
    (and stops); read once it has ended."""

    def __init__(self, pid: int, tokens: int, out: int):
        self.pid, self.tokens, self.out = pid, tokens, out

    @classmethod
    def fork(cls, knowledge: KnowledgeBase, goals: Sequence[str], chunks: list[tuple[int, int]], proofs: bool,
             suggest: bool) -> _Child | None:
        try:
            out = _shared_file()
            tokens, fill = os.pipe()
            os.write(fill, bytes(range(len(chunks))))
            os.close(fill)
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the copy: never returns
            code = 1
            try:
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)  # the batch's stdout is the parent's alone
                code = _child_main(knowledge, goals, chunks, proofs, suggest, tokens, out)
            except BaseException:  # noqa: BLE001, S110 -- whatever happens, the parent answers its chunks
                pass
            finally:
                os._exit(code)
        return cls(pid, tokens, out)

    def claim(self) -> int | None:
        """The next chunk no process has claimed (None: none left)."""
        token = os.read(self.tokens, 1)
        return token[0] if token else None

    def results(self) -> dict[int, tuple[int, int, str]] | None:
        """Once it has ended: each chunk it answered, with its programs' clauses, its goals with
        an error and its lines; None when one of its chunks could not be answered."""
        self._wait()
        data = os.pread(self.out, os.fstat(self.out).st_size, 0)
        out: dict[int, tuple[int, int, str]] = {}
        at = 0
        while (end := data.find(b"\n", at)) >= 0:
            words = data[at:end].split()
            if words[:1] == [b"X"]:
                return None
            k, clauses, errors, size = map(int, words)
            if end + 1 + size > len(data):
                break  # it ended while writing: the chunk is answered here
            out[k] = clauses, errors, data[end + 1:end + 1 + size].decode("utf-8", "surrogatepass")
            at = end + 1 + size
        return out

    def _wait(self) -> None:
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:  # reaped already (SIGCHLD ignored: once it has ended)
                pass
            self.pid = 0

    def stop(self) -> None:
        """Ended and reaped (killed if still running); its pipe and file closed."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self._wait()
        for fd in (self.tokens, self.out):
            if fd >= 0:
                os.close(fd)
        self.tokens = self.out = -1


def _shared_file() -> int:
    """An unnamed file (memory-backed where the system has `memfd_create`)."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("traitlogic-check")
    import tempfile  # only without memfd_create (start-up time)

    return os.dup(tempfile.TemporaryFile().fileno())


def _child_main(knowledge: KnowledgeBase, goals: Sequence[str], chunks: list[tuple[int, int]], proofs: bool,
                suggest: bool, tokens: int, out: int) -> int:
    from ..api import GoalError  # loaded with the library already (start-up time)
    from ..render import dumps

    while token := os.read(tokens, 1):
        k = token[0]
        try:
            results = _ask(knowledge, goals, chunks[k])
        except TraitlogicError:
            _send(out, b"X %d\n" % k)
            return 0
        data = "".join(dumps(r.to_dict(proofs, suggest)) + "\n" for r in results).encode("utf-8", "surrogatepass")
        errors = sum(isinstance(r, GoalError) for r in results)
        _send(out, b"%d %d %d %d\n" % (k, clause_count(results), errors, len(data)) + data)
    return 0


def _send(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
