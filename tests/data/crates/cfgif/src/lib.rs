use cfg_if::cfg_if;

cfg_if! {
    if #[cfg(feature = "rc")] {
        pub struct Shared(pub std::rc::Rc<u8>);
        pub struct OnlyRc(pub u8);
    } else if #[cfg(windows)] {
        pub struct Shared(pub *const u8);
    } else {
        pub struct Shared(pub std::sync::Arc<u8>);
        pub struct OnlyElse(pub std::cell::Cell<u8>);
    }
}

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        pub struct Sys(pub std::sync::Mutex<u8>);
    }
}

pub struct UsesShared(pub Shared, pub Sys);
