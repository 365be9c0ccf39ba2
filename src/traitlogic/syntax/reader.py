"""Read tree-sitter type nodes into type terms, resolving names through a scope.

Iterative (an explicit stack), so `Box<Box<...3000 deep...>>` reads without recursion limits.
Checks what rustc checks of a type on its own: known names, the number of type arguments,
and that parameters needing `Sized` do not get `str`, slices or `dyn` types.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import partial

from tree_sitter import Node

from ..core import types as T
from ..core.errors import ParseError, Snippet
from ..core.lifetimes import Written
from ..core.model import AliasDecl, TraitDecl, TypeDecl
from ..core.sized import is_unsized
from ..core.subst import substitute
from .lifetimes import bound_text, lifetimes_of
from .scope import Scope, resolve_name
from .tree import char_offset, child_field, text_of
from .type_nodes import CONST_ARGS, Parts, type_parts, unsupported

__all__ = ["Scope", "TypeReader"]

PARAM_LIKE = re.compile(r"[A-Z][0-9]*")  # how a type parameter is written: `T`, `U`, `K`, `T2`

# subtree text -> its term and the parameters met reading it (see `TypeReader.read`); only
# subtrees up to KNOWN_SIZE bytes (deep types have as many subtrees as levels: memory stays linear)
Known = dict[bytes, tuple[T.Ty, tuple[str, ...], "Written | None"]]  # (and the lifetimes written in it)
KNOWN_SIZE = 256
_QUOTE = re.compile(b"'")


class TypeReader:
    """Turns the type nodes of one parsed snippet into `Ty` terms."""

    def __init__(self, scope: Scope, data: bytes, snippet: Snippet, prefix_chars: int,
                 params: frozenset[str] = frozenset(), check_wf: bool = True,
                 implicit_params: bool = False, param_traits: Mapping[str, Sequence[str]] | None = None):
        self.scope = scope
        self.data = data
        self.snippet = snippet
        self.prefix = prefix_chars
        self.params = params
        self.check_wf = check_wf
        # A generic goal's reader: a name that resolves to nothing and is written like a type
        # parameter (`T`, `K2`) is one; `found` lists the parameters in order of first use.
        self.implicit_params = implicit_params
        self.found: list[str] = []
        self._met: list[str] = []  # every parameter met, in order, repeats kept (what `found` is made of)
        # `T::Item` for a parameter bounded by one trait with that associated type (`T: Iterator`)
        self.param_traits = param_traits or {}
        # the lifetimes written in the last type read (core.lifetimes), by node while reading
        self.written: Written | None = None
        self._written: dict[int, Written | None] = {}
        self._aliases: set[int] = set()
        self._dyn_texts: dict[int, tuple[str, ...]] = {}  # nodes that named a type alias (its lifetimes are its own)
        self.self_type: T.Ty | None = None  # what `Self` means in a declaration's fields (`Option<Box<Self>>`)
        self.known: Known | None = None  # the subtrees `read` shares when given none (see there)

    # -- errors ---------------------------------------------------------------------------
    def span(self, node: Node) -> tuple[int, int]:
        """Where a node is in the snippet's text (character offsets)."""
        return char_offset(self.data, node.start_byte) - self.prefix, char_offset(self.data, node.end_byte) - self.prefix

    def error(self, message: str, node: Node) -> ParseError:
        return ParseError(message, self.snippet, *self.span(node))

    def text(self, node: Node) -> str:
        return text_of(node, self.data)

    # -- the walk -------------------------------------------------------------------------
    def read(self, root: Node, known: Known | None = None) -> T.Ty:
        """The term of `root`. `known` maps the text of subtrees read before by readers with the
        same scope and settings to their terms and the parameters they met: a subtree's term, its
        checks and its parameters depend on its text alone, so it is not walked again (its
        parameters are met again, in order); the subtrees read here are added to it. (`Self`
        means the declaration being read: a subtree naming it is never shared.)"""
        if known is None:
            known = self.known
        memo: dict[int, T.Ty] = {}
        written = self._written = {}
        started: dict[int, int] = {}  # node id -> len(self._met) when its walk began
        data = self.data
        # where lifetimes may be written (most types have none)
        lo, hi = root.start_byte, root.end_byte  # (`data` may be a whole file: look in `root` only)
        quotes = [m.start() for m in _QUOTE.finditer(data, lo, hi)] if data.find(b"'", lo, hi) >= 0 else None
        error, text = self.error, self.text
        # (node, its id, its parts once its children are read; None on the way down)
        stack: list[tuple[Node, int, Parts | None]] = [(root, root.id, None)]
        while stack:
            node, nid, parts = stack.pop()
            if parts is not None:
                ty = memo[nid] = self._build(node, parts, memo)
                if quotes and (i := bisect_left(quotes, node.start_byte)) < len(quotes) and quotes[i] < node.end_byte:
                    written[nid] = None if nid in self._aliases else \
                        lifetimes_of(node, text, written, self._dyn_texts)
                begun = started.get(nid)
                if begun is not None:
                    assert known is not None
                    known[data[node.start_byte:node.end_byte]] = (ty, tuple(self._met[begun:]), written.get(nid))
                continue
            if known is not None:
                start, end = node.start_byte, node.end_byte
                if end - start <= KNOWN_SIZE and b"Self" not in (key := data[start:end]):
                    seen = known.get(key)
                    if seen is not None:
                        memo[nid] = seen[0]
                        if seen[2] is not None:
                            written[nid] = seen[2]
                        for name in seen[1]:
                            self._meet(name)
                        continue
                    started[nid] = len(self._met)
            parts = type_parts(node, error, text)
            stack.append((node, nid, parts))
            for child in parts[1]:
                stack.append((child, child.id, None))
        self.written = written.get(root.id)
        return memo[root.id]

    # -- building terms -------------------------------------------------------------------
    def _build(self, node: Node, parts: Parts, memo: dict[int, T.Ty]) -> T.Ty:
        k, _, extra = parts
        if k == "type_identifier":
            return self._named(node, node, [])
        if k == "generic_type":
            head, args_node, written, q = extra
            if q is not None:  # `<P as Pattern>::Searcher<'a>`: lifetimes only (no generic associated types)
                if any(ck != "lifetime" for _, ck in written):
                    raise self.error("generic associated types are not supported", args_node)
                return self._projection(head, q, memo)
            args = []
            for child, ck in written:
                if ck == "lifetime":
                    continue
                if ck == "type_binding":
                    raise self.error("associated type bindings belong to traits, not types", child)
                if ck in CONST_ARGS:
                    args.append((child, T.const(self.text(child))))
                    continue
                args.append((child, memo[child.id]))
            return self._named(node, head, args)
        if k == "primitive_type":
            return T.prim(self.text(node))
        if k == "unit_type":
            return T.UNIT
        if k == "never_type":
            return T.prim("!")
        if k == "scoped_type_identifier":
            if extra is not None:
                return self._projection(node, extra, memo)
            return self._named(node, node, [])
        if k == "reference_type":
            mutable = any(c.type == "mutable_specifier" for c in node.children)
            return T.ref(memo[extra.id], mutable)
        if k == "pointer_type":
            mutable = any(c.type == "mutable_specifier" for c in node.children)
            if not mutable and not any(c.type == "const" for c in node.children):
                raise self.error("raw pointers need `const` or `mut`: `*const T` or `*mut T`", node)
            return T.ptr(memo[extra.id], mutable)
        if k == "array_type":
            elem = memo[extra.id]
            self._need_sized(elem, extra, "array and slice elements")
            length = node.child_by_field_name("length")
            if length is None:
                return T.slice_(elem)
            text = " ".join(self.text(length).split())
            return T.array(elem, T.param(text) if text in self.params else T.const(text))
        if k == "tuple_type":
            elems = [memo[c.id] for c in extra]
            if len(elems) == 1 and not any(c.type == "," for c in node.children):
                return elems[0]  # `(dyn A + B)` is a parenthesized type, `(T,)` a 1-tuple
            for c, e in zip(extra[:-1], elems[:-1]):
                self._need_sized(e, c, "tuple elements before the last")
            return T.tuple_(elems)
        if k == "function_type":
            if node.child_by_field_name("trait") is not None:
                raise self.error(f"`{self.text(node)}` is a trait: write `dyn {self.text(node)}`", node)
            params = [memo[c.id] for c in extra]
            ret = None
            if node.child_by_field_name("return_type") is not None:
                ret = params.pop()
            quals = " ".join(self.text(c) for c in node.children if c.type == "function_modifiers")
            return T.fn_ptr(params, ret, quals)
        if k in ("dynamic_type", "bounded_type"):
            return self._dyn(node, extra, memo)
        raise self.error(unsupported(k, self.text(node)), node)

    def _segments(self, node: Node) -> list[str]:
        text = self.text(node)
        if node.type == "type_identifier":  # one name, no spaces (most names)
            return [text]
        text = "".join(text.split())
        return [p for p in text.split("::") if p]  # `crate::` kept: the scope says what it means

    def _named(self, node: Node, head: Node, args: list[tuple[Node, T.Ty]]) -> T.Ty:
        return self.named(node, head, self._segments(head), args)

    def named(self, node: Node, head: Node, segments: list[str], args: list[tuple[Node, T.Ty]]) -> T.Ty:
        """The term a path (`segments`, written at `head`) with `args` names (at `node`)."""
        name = "::".join(segments)
        if len(segments) == 1 and segments[0] in self.params:
            return self._param(segments[0], node, args)
        if segments == ["Self"] and self.self_type is not None and not args:
            self._aliases.add(node.id)  # its lifetimes are the declaration's own
            return self.self_type
        if len(segments) == 2 and (segments[0] in self.params or segments[0] in self.param_traits
                                   or self._implicit(segments[0])):
            return self._shorthand(segments[0], segments[1], head, args)
        found = self._one_each(self.scope.lookup_type(segments))
        if not found and len(segments) == 1 and self._implicit(name):
            return self._param(name, node, args)
        if not found and self.scope.lookup_trait(segments):
            raise self.error(f"`{name}` is a trait, not a type: write `dyn {name}`", head)
        decl = found[0] if len(found) == 1 else resolve_name(
            "type", name, found, lambda: self.scope.similar_types(segments), self.snippet, *self.span(head))
        if isinstance(decl, AliasDecl):
            return self._expand_alias(decl, node, args)
        return T.adt(decl.path, self._arguments(decl, node, args))

    def _one_each(self, found: list[TypeDecl | AliasDecl]) -> list[TypeDecl | AliasDecl]:
        """The declarations a name may mean, one for each type they name: aliases of one type
        (`std::ffi::c_char` and `std::os::raw::c_char`, both `i8`) are one reading."""
        if len(found) < 2:
            return found
        meanings: dict[object, TypeDecl | AliasDecl] = {}
        for decl in found:
            at = {p.name: T.param(f"#{i}") for i, p in enumerate(decl.params)}  # by position
            target = self.scope.alias_target(decl) if isinstance(decl, AliasDecl) else T.adt(decl.path, at.values())
            defaults = tuple((p.is_const, p.default and substitute(p.default, at)) for p in decl.params)
            meanings.setdefault((substitute(target, at), defaults) if target is not None else decl.path, decl)
        return list(meanings.values())

    def _implicit(self, name: str) -> bool:
        """A name that is a parameter of a generic goal because nothing else has it."""
        return self.implicit_params and PARAM_LIKE.fullmatch(name) is not None and not self.scope.lookup_type([name])

    def _meet(self, name: str) -> None:
        self._met.append(name)
        if name not in self.found:
            self.found.append(name)

    def _param(self, name: str, node: Node, args: list[tuple[Node, T.Ty]]) -> T.Ty:
        if args:
            raise self.error(f"type parameter `{name}` takes no arguments", node)
        self._meet(name)
        return T.param(name)

    def _shorthand(self, param: str, assoc: str, head: Node, args: list[tuple[Node, T.Ty]]) -> T.Ty:
        """`T::Item` -> `<T as Iterator>::Item`, through the one trait `T` is bounded by."""
        if args:
            raise self.error("generic associated types are not supported", head)
        traits = list(dict.fromkeys(self.param_traits.get(param, ())))
        if len(traits) != 1:
            said = "is bounded by no trait" if not traits else "is bounded by more than one trait"
            raise self.error(f"`{param}::{assoc}`: `{param}` {said} that could have it; write "
                             f"`<{param} as Trait>::{assoc}` (and `where {param}: Trait`)", head)
        self._param(param, head, [])
        return T.proj(T.param(param), traits[0], assoc)

    def _expand_alias(self, alias: AliasDecl, node: Node, args: list[tuple[Node, T.Ty]]) -> T.Ty:
        self._aliases.add(node.id)
        target = self.scope.alias_target(alias)
        if target is None:
            raise self.error(f"type alias `{alias.name}` refers to itself", node)
        bindings = {p.name: a for p, a in zip(alias.params, self._arguments(alias, node, args))}
        return substitute(target, bindings, self.scope.normalize)

    def _arguments(self, decl: TypeDecl | AliasDecl, node: Node, args: list[tuple[Node, T.Ty]]) -> list[T.Ty]:
        """The declaration's arguments: the written ones checked, the defaults filled in."""
        params = decl.params
        required = len(params) if len(args) == len(params) else len([p for p in params if p.default is None])
        if not required <= len(args) <= len(params):
            want = f"{required}" if required == len(params) else f"{required} to {len(params)}"
            s = "" if want == "1" else "s"
            shown = self.scope.type_display(decl)
            raise self.error(
                f"wrong number of type arguments: `{shown}` takes {want} type argument{s}, found {len(args)}",
                node)
        bindings: dict[str, T.Ty] = {}
        values = []
        for i, p in enumerate(params):
            if i < len(args):
                arg_node, value = args[i]
                if p.is_const and value.kind not in ("const", "param"):
                    raise self.error(f"expected a const value for `{p.name}`, found the type `{self.text(arg_node)}`",
                                     arg_node)
                if not p.is_const and value.kind == "const":
                    raise self.error(f"expected a type for `{p.name}`, found the value `{self.text(arg_node)}`",
                                     arg_node)
                if p.sized and self.check_wf and is_unsized(value, self.scope.type_decl):  # (the message only then)
                    self._need_sized(value, arg_node, f"`{self.scope.type_display(decl)}`'s parameter `{p.name}`")
            else:  # parameters past the written ones all have defaults (a leaf: `Global` stays itself)
                assert p.default is not None
                value = substitute(p.default, bindings) if p.default.args or p.default.kind == "param" else p.default
            bindings[p.name] = value
            values.append(value)
        return values

    def _need_sized(self, ty: T.Ty, node: Node, what: str) -> None:
        if self.check_wf and self.is_unsized(ty):
            raise self.error(
                f"the size for values of type `{self.text(node)}` cannot be known at compile time "
                f"({what} must be `Sized`)", node)

    def is_unsized(self, ty: T.Ty) -> bool:
        return is_unsized(ty, self.scope.type_decl)

    def _projection(self, node: Node, q: Node, memo: dict[int, T.Ty]) -> T.Ty:
        self_ty = memo[child_field(q, "type").id]
        trait = self._trait(child_field(q, "alias"))
        name = child_field(node, "name")
        return T.proj(self_ty, trait.path, self.text(name))

    def _trait(self, node: Node) -> TraitDecl:
        head = child_field(node, "type") if node.type == "generic_type" else node
        if node.type == "function_type":
            head = child_field(node, "trait")
        segments = self._segments(head)
        found = self.scope.lookup_trait(segments)
        return found[0] if len(found) == 1 else resolve_name(
            "trait", "::".join(segments), found, lambda: self.scope.similar_traits(segments), self.snippet,
            *self.span(head))

    def _dyn(self, node: Node, written: list[Node], memo: dict[int, T.Ty]) -> T.Ty:
        bounds: list[T.DynBound] = []
        texts: list[str] = []  # each bound's text with its lifetimes (core.lifetimes)
        for b in written:
            trait = self._trait(b)
            name = self.scope.trait_display(trait)
            def show(n: Node, lifetimes: bool) -> str:
                return T.format_type(memo[n.id], lifetimes=self._written.get(n.id) if lifetimes else None)

            shown = [bound_text(b, name, self.text, partial(show, lifetimes=lt), lt) for lt in (False, True)]
            bound = T.DynBound(trait.path, shown[0])
            if bound not in bounds:
                bounds.append(bound)
                parent = b.parent
                binder = parent.child_by_field_name("type_parameters") if parent is not None and \
                    parent.type == "higher_ranked_trait_bound" else None
                texts.append(f"for{self.text(binder)} {shown[1]}" if binder is not None else shown[1])
        if texts != [b.args_text for b in bounds]:
            self._dyn_texts[node.id] = tuple(texts)
        return T.dyn(bounds)

