macro_rules! wrapper {
    ($name:ident, $inner:ty) => {
        pub struct $name(pub $crate::mac::Holder<$inner>);
    };
}
pub struct Holder<T>(pub T);
