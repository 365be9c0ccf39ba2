#[path = "impls/real.rs"]
pub mod imp;
#[cfg_attr(unix, path = "sys/unix.rs")]
#[cfg_attr(not(unix), path = "sys/other.rs")]
pub mod sys;
pub mod m {
    #[path = "inner.rs"]
    pub mod i;
}
#[cfg_attr(feature = "never", path = "sys/other.rs")]
#[cfg_attr(not(feature = "never"), path = "sys/unix.rs")]
pub mod alt;
