"""Property tests (hypothesis) over random nestings of std types."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from proofcheck import check_proof

LEAVES = ["i32", "u8", "String", "Cell<i32>", "Rc<i32>", "*const u8", "MutexGuard<'static, i32>", "()",
          "&'static str", "fn(i32) -> i32", "Box<dyn Fn() + Send>"]
ONE = ["Box<{}>", "Vec<{}>", "Option<{}>", "Arc<{}>", "Mutex<{}>", "RefCell<{}>", "[{}; 2]", "&'static {}",
       "&'static mut {}", "rc::Weak<{}>", "sync::Weak<{}>", "OnceLock<{}>", "PhantomData<{}>", "({},)"]
TWO = ["({}, {})", "HashMap<{}, {}>", "Result<{}, {}>", "BTreeMap<{}, {}>"]

types = st.recursive(
    st.sampled_from(LEAVES),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(ONE), inner).map(lambda t: t[0].format(t[1])),
        st.tuples(st.sampled_from(TWO), inner, inner).map(lambda t: t[0].format(t[1], t[2])),
    ),
    max_leaves=8,
)
goals = st.tuples(st.sampled_from(["Send", "Sync"]), types).map(lambda t: f"{t[0]}({t[1]})")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(goal=goals)
def test_shown_types_read_back_to_the_same_goal(std_kb, goal):
    parsed = std_kb.parse_goal(goal)
    assert std_kb.parse_goal(std_kb.show_goal(parsed)) == parsed


@SETTINGS
@given(batch=st.lists(goals, min_size=1, max_size=6))
def test_batch_answers_equal_single_answers_and_proofs_are_sound(std_kb, batch):
    together = std_kb.ask_many(batch)
    for goal, answer in zip(batch, together):
        alone = std_kb.ask(goal)
        assert answer.holds == alone.holds
        assert check_proof(std_kb, answer.proof, answer.holds) == []


@SETTINGS
@given(goal=goals)
def test_both_goal_forms_agree(std_kb, goal):
    trait, ty = goal.split("(", 1)
    assert std_kb.ask(goal).holds == std_kb.ask(f"{ty[:-1]}: {trait}").holds
