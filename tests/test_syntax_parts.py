"""traitlogic.syntax.parts: Rust text split into its parts as written (the generators' reader)."""
from __future__ import annotations

import pytest

from traitlogic.syntax.parts import (
    generic_args,
    generic_params,
    path_type,
    read_decl_text,
    read_decls,
    read_impl_header,
    where_predicates,
)


def test_generic_params_nested_and_arrows() -> None:
    params = generic_params("<'a: 'b, T: ?Sized + Fn(u8) -> Vec<u8>, const N: usize = 3, F = fn() -> T>")
    assert [(p.kind, p.name) for p in params] == [("lifetime", "'a"), ("type", "T"), ("const", "N"), ("type", "F")]
    assert params[0].bounds == ("'b",)
    assert params[1].text == "T: ?Sized + Fn(u8) -> Vec<u8>"
    assert params[1].bounds == ("?Sized", "Fn(u8) -> Vec<u8>")
    assert params[2].default == "3" and params[2].bounds == ()
    assert params[3].default == "fn() -> T"
    assert generic_params("") == []


def test_where_predicates_with_or_without_where() -> None:
    preds = where_predicates("where <T as Deref>::Target: Eq + ?Sized, A: Allocator,")
    assert [(p.lhs, p.bounds) for p in preds] == [("<T as Deref>::Target", ("Eq", "?Sized")),
                                                  ("A", ("Allocator",))]
    assert [p.text for p in where_predicates("F: FnMut(&T) -> bool, T: 'a")] == ["F: FnMut(&T) -> bool", "T: 'a"]


def test_generic_args_top_level_only() -> None:
    assert generic_args("std::sync::Arc<Mutex<T>, A>") == ["Mutex<T>", "A"]
    assert generic_args("Cow<'static, [u8]>") == ["'static", "[u8]"]
    assert generic_args("&Arc<T>") == []
    assert generic_args("Vec") == []
    assert path_type("std::sync::Arc<Mutex<T>, A>") == ("std::sync::Arc", ["Mutex<T>", "A"])
    assert path_type("Global") == ("Global", [])
    assert path_type("&Arc<T>") is None and path_type("[T; 3]") is None


def test_read_impl_header_parts_and_offsets() -> None:
    text = "impl<T: ?Sized, A> !PartialEq<Vec<U, A>> for Vec<T, A> where A: Allocator,"
    h = read_impl_header(text)
    assert h is not None
    assert (h.generics, h.negative, h.trait, h.trait_args, h.self_ty, h.where) == \
        ("<T: ?Sized, A>", True, "PartialEq", "<Vec<U, A>>", "Vec<T, A>", "where A: Allocator,")
    assert text[:h.generics_end] == "impl<T: ?Sized, A>"
    assert text[:h.trait_end].endswith("!PartialEq<Vec<U, A>>")
    plain = read_impl_header("impl Send for [u8]")
    assert plain is not None and plain.generics_end == 4 and plain.trait == "Send"
    assert read_impl_header("impl<T> <T as X>::Y for T {}") is None  # the trait is not a plain path
    with pytest.raises(ValueError):
        read_impl_header("impl<T Send for T")
    with pytest.raises(ValueError):
        read_impl_header("struct S;")


def test_read_decl_text_heads() -> None:
    tuple_struct = read_decl_text("pub struct NonZero<T>(/* private fields */)\nwhere\n    T: Z;")
    assert tuple_struct.kind == "struct" and tuple_struct.head == "pub struct NonZero<T> \nwhere\n    T: Z"
    unit = read_decl_text("pub struct PhantomData<T>\nwhere\n    T: ?Sized;")  # tree-sitter misreads it as is
    assert unit.head == "pub struct PhantomData<T>\nwhere\n    T: ?Sized"
    assert [p.lhs for p in unit.predicates] == ["T"]
    enum = read_decl_text("pub enum Option<T> {\n    None,\n    Some(T),\n}")
    assert (enum.kind, enum.name, enum.head) == ("enum", "Option", "pub enum Option<T> ")
    assert read_decl_text("pub struct Global;").head == "pub struct Global"


def test_read_decl_text_traits() -> None:
    auto = read_decl_text("pub unsafe auto trait Send {}")
    assert (auto.kind, auto.name, auto.is_unsafe, auto.is_auto) == ("trait", "Send", True, True)
    err = read_decl_text("pub trait Error: Debug + Display where Self: 'static {\n    fn source(&self) { ... }\n}")
    assert err.bounds == ("Debug", "Display") and err.where == "where Self: 'static"
    assert err.head == "pub trait Error: Debug + Display where Self: 'static "  # an error in the body is fine
    with pytest.raises(ValueError):
        read_decl_text("pub trait Error: Debug + {}")
    with pytest.raises(ValueError):
        read_decl_text("fn main() {}")


def test_read_decls_top_level_only() -> None:
    source = "use std::rc::Rc;\npub struct A<T>(Rc<T>);\nmod m { struct Inner<U>(U); }\n" \
             "type Alias<'a, T> = &'a T;\nfn main() {}\n"
    assert [(d.kind, d.name, [p.name for p in d.params]) for d in read_decls(source)] == \
        [("struct", "A", ["T"]), ("type", "Alias", ["'a", "T"])]
