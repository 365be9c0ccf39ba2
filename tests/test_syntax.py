"""Rust type syntax through tree-sitter-rust: every form a goal may use, read and shown back."""
from __future__ import annotations

import pytest

from traitlogic import ParseError


@pytest.mark.parametrize("text, shown", [
    ("i32", "i32"),
    ("str", "str"),
    ("()", "()"),
    ("!", "!"),
    ("(i32,)", "(i32,)"),
    ("(i32, String, ())", "(i32, String, ())"),
    ("[u8; 4]", "[u8; 4]"),
    ("[u8]", "[u8]"),
    ("&'a str", "&str"),
    ("&'static mut [u8]", "&mut [u8]"),
    ("*const u8", "*const u8"),
    ("*mut ()", "*mut ()"),
    ("fn(i32) -> i32", "fn(i32) -> i32"),
    ("unsafe extern \"C\" fn()", "unsafe extern \"C\" fn()"),
    ("Vec<i32>", "Vec<i32>"),
    ("Vec<i32, Global>", "Vec<i32>"),  # a default argument is not shown
    ("std::vec::Vec<i32>", "Vec<i32>"),
    ("alloc::vec::Vec<i32>", "Vec<i32>"),
    ("std::collections::HashMap<String, i32>", "HashMap<String, i32>"),
    ("std::sync::MutexGuard<'static, i32>", "MutexGuard<i32>"),
    ("LazyLock<i32>", "LazyLock<i32>"),  # F = fn() -> T filled in and hidden again
    ("LazyLock<i32, fn() -> u8>", "LazyLock<i32, fn() -> u8>"),
    ("rc::Weak<i32>", "rc::Weak<i32>"),
    ("std::sync::Weak<i32>", "sync::Weak<i32>"),
    ("Box<dyn Any>", "Box<dyn Any>"),
    ("Box<dyn std::any::Any + Send + 'static>", "Box<dyn Any + Send>"),
    ("Box<dyn Fn(i32) -> u8 + Send + Sync>", "Box<dyn Fn(i32) -> u8 + Send + Sync>"),
    ("&'static (dyn Error + Send + Sync)", "&(dyn Error + Send + Sync)"),
    ("Box<dyn Iterator<Item = String> + Send>", "Box<dyn Iterator<Item = String> + Send>"),
    ("Cow<'static, str>", "Cow<str>"),
    ("Pin<Box<i32>>", "Pin<Box<i32>>"),
])
def test_types_read_and_show(std_kb, text, shown):
    goal = std_kb.parse_goal(f"Send({text})")
    assert std_kb.decls.show(goal.ty) == shown


def test_default_parameters_are_filled_in(std_kb):
    assert std_kb.parse_goal("Send(Vec<i32>)") == std_kb.parse_goal("Send(Vec<i32, Global>)")
    lazy = std_kb.parse_goal("Send(LazyLock<i32>)").ty
    assert str(lazy.args[1]) == "fn() -> i32"


def test_both_goal_forms_and_paths_agree(std_kb):
    forms = ["Send(Arc<Mutex<i32>>)", "Arc<Mutex<i32>>: Send", "std::sync::Arc<std::sync::Mutex<i32>>: Send",
             "std::marker::Send(Arc<Mutex<i32>>)", "Arc<Mutex<i32>>: core::marker::Send", "  Send( Arc< Mutex<i32> > )  "]
    goals = {std_kb.parse_goal(f) for f in forms}
    assert len(goals) == 1


def test_lifetimes_are_ignored(std_kb):
    assert std_kb.parse_goal("Send(&'a i32)") == std_kb.parse_goal("Send(&i32)")
    assert std_kb.parse_goal("Send(Cow<'a, str>)") == std_kb.parse_goal("Send(Cow<str>)")


def test_dyn_bounds_are_a_set(std_kb):
    a = std_kb.parse_goal("Send(Box<dyn Any + Send>)")
    b = std_kb.parse_goal("Send(Box<dyn std::any::Any + core::marker::Send>)")
    assert a == b


def test_trait_object_needs_dyn(std_kb):
    with pytest.raises(ParseError, match="write `dyn Any \\+ Send`"):
        std_kb.parse_goal("Send(Box<Any + Send>)")


def test_impl_trait_is_not_a_goal_type(std_kb):
    with pytest.raises(ParseError, match="impl Trait"):
        std_kb.parse_goal("Send(impl Fn())")


def test_unsized_tuple_element_is_refused(std_kb):
    with pytest.raises(ParseError, match="cannot be known at compile time"):
        std_kb.parse_goal("Send((str, i32))")


@pytest.mark.parametrize("text, parts", [
    # (trait, trait_start, type_text, type_start, declared, where_text, where_start), as split before
    # the goal scanners became one walk (`->` is no bracket; a `where` or `:` inside brackets is the type's)
    ("for<'a, T> Send(fn(&'a T) -> T) where T: Sync", ("Send", 11, "fn(&'a T) -> T", 16, (("T", 8),), " T: Sync", 37)),
    ("<I as Iterator>::Item: Send + Sync where I: Iterator",
     ("Send + Sync", 23, "<I as Iterator>::Item", 0, (), " I: Iterator", 40)),
    ("Send(HashMap<K, V>) where K: Send, V: Send", ("Send", 0, "HashMap<K, V>", 5, (), " K: Send, V: Send", 25)),
    ("x::y::Send (Vec<[u8; 2]>)  ", ("x::y::Send", 0, "Vec<[u8; 2]>", 12, (), "", -1)),
    ("Send(Vec<T> where T: Sync)", ("Send", 0, "Vec<T> where T: Sync", 5, (), "", -1)),
    ("Fn(i32) -> T: Send", ("Send", 14, "Fn(i32) -> T", 0, (), "", -1)),
])
def test_goal_parts(text, parts):
    from traitlogic.syntax.goals import split_goal

    g = split_goal(text)
    assert (g.trait, g.trait_start, g.type_text, g.type_start, g.declared, g.where_text, g.where_start) == parts


@pytest.mark.parametrize("text, message, start, end", [
    ("Send(T)) where T: Sync", "unclosed goal", 22, 23),
    ("for<T U> Send(T)", "expected parameter names: `for<T, U>`", 4, 7),
    ("for<T, > Send(T)", "expected parameter names: `for<T, U>`", 6, 7),
    ("T: Send where ", "expected bounds after `where`", 8, 14),
])
def test_goal_split_errors(text, message, start, end):
    from traitlogic.syntax.goals import split_goal

    with pytest.raises(ParseError, match=message) as info:
        split_goal(text)
    assert (info.value.start, info.value.end) == (start, end)


@pytest.mark.parametrize("decl, kind, params, bounds", [
    ("pub struct ArrayWindows<'a, T, const N: usize> where T: 'a", "struct", ["T", "N"], []),
    ("pub struct Guard<T, F> where F: FnOnce(T)", "struct", ["T", "F"], ["F: FnOnce"]),  # the (T) is the bound's
    ("pub enum Choice<T: Send>", "enum", ["T"], ["T: Send"]),
    ("pub struct Named<T> { inner: Vec<T> }", "struct", ["T"], []),
    ("pub struct Tuple<T>(Vec<T>) where T: Sync;", "struct", ["T"], ["T: Sync"]),
    ("pub struct Unit<T: Clone>;", "struct", ["T"], ["T: Clone"]),
])
def test_private_declarations_read_their_header(std_kb, decl, kind, params, bounds):
    """`fields: private`: the header is read by the parser; a body, if written, is not read."""
    from traitlogic.core.errors import Snippet
    from traitlogic.syntax.items import read_type_decl

    parts = read_type_decl(decl, Snippet(decl, "decl"), std_kb.decls, private=True)
    assert (parts.kind, [p.name for p in parts.params], parts.fields) == (kind, params, None)
    assert [f"{b.ty.name}: {b.trait.rsplit('::', 1)[-1]}" for b in parts.bounds] == bounds


def test_a_private_declaration_that_does_not_parse_points_at_the_spot(std_kb):
    from traitlogic.core.errors import Snippet
    from traitlogic.syntax.items import read_type_decl

    with pytest.raises(ParseError) as info:
        read_type_decl("pub struct Bad<T", Snippet("pub struct Bad<T", "decl"), std_kb.decls, private=True)
    assert "^" in info.value.render()
