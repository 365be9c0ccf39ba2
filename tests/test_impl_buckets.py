"""The impl index as stored (kb/buckets.py): grouped blobs read back as the plain mapping."""
from __future__ import annotations

import pickle

from traitlogic.api import KnowledgeBase
from traitlogic.kb import buckets
from traitlogic.kb.buckets import _UNREAD, LazyIndex, group_of


def _plain(decls):  # every bucket, read
    return {key: decls.impl_index[key] for key in list(decls.impl_index)}


def test_grouped_index_reads_as_the_plain_one():
    decls = pickle.loads(pickle.dumps(KnowledgeBase.load().decls))  # every bucket unread
    index = decls.impl_index
    assert isinstance(index, LazyIndex)
    auto = {t.path for t in decls.trait_by_path.values() if t.is_auto}
    vec = ("adt", "alloc::vec::Vec") if ("std::marker::Send", ("adt", "alloc::vec::Vec")) in index \
        else next(k[1] for k in index if k[0] == "std::marker::Send" and k[1][0] == "adt")
    send = index[("std::marker::Send", vec)]
    # its group came with it: the other auto traits' buckets of the constructor, no other bucket
    for key in list(index):
        read = dict.__getitem__(index, key) is not _UNREAD
        same_group = key[0] in auto and key[1] == vec
        assert read == same_group or key == ("std::marker::Send", vec), key
    assert send and all(i.trait == "std::marker::Send" for i in send)
    # a copy (stored again: read groups pickled afresh, the others as their bytes) reads the same
    copy = pickle.loads(pickle.dumps(decls))
    assert list(copy.impl_index) == list(index)
    assert {k: [i.text for i in v] for k, v in _plain(copy).items()} == \
        {k: [i.text for i in v] for k, v in _plain(decls).items()}


def test_a_bucket_added_to_an_unread_group_is_stored():
    index = KnowledgeBase.load().decls.impl_index
    head = next(k[1] for k in index if k[0] == "std::marker::Sync" and k[1][0] == "adt")
    sync, send = ("std::marker::Sync", head), ("std::marker::Send", head)
    grouped = frozenset({"std::marker::Sync", "std::marker::Send"})
    stored = buckets.store({sync: index[sync]}, grouped)  # a group without the Send bucket
    assert list(stored.blobs.keys()) == [group_of(sync, grouped)]
    lazy = LazyIndex(pickle.loads(pickle.dumps(stored)))
    dict.__setitem__(lazy, send, index[send])  # added while its group is unread
    again = LazyIndex(pickle.loads(pickle.dumps(lazy.stored())))
    assert list(again) == [sync, send]
    assert [i.text for i in again[send]] == [i.text for i in index[send]]
    assert [i.text for i in again[sync]] == [i.text for i in index[sync]]
    untouched = LazyIndex(pickle.loads(pickle.dumps(stored)))
    assert bytes(untouched.stored().blobs.open(group_of(sync, grouped))) == bytes(stored.blobs.open(group_of(sync, grouped)))
