//! What the synchronous clients of the `blocking` feature share: the runtime each one owns, and paging as
//! iterators.
//!
//! Every service module then has a `BlockingClient` with the methods of its async `Client`, each running the call
//! to its end before it returns. The calls are the async client's: the same checks, signing, retries, timeouts and
//! errors.

use std::fmt;
use std::future::Future;
use std::io;
use std::sync::Arc;

use super::paging::{Items, Pages};
use super::{Error, Paged};

/// The runtime a blocking client drives its calls on: Tokio's single-threaded runtime, with its I/O and timers.
/// Clones share it; calls from several threads at once take turns driving it.
#[derive(Clone)]
pub(crate) struct Blocking(Arc<tokio::runtime::Runtime>);

impl Blocking {
    #[allow(dead_code, reason = "called by the generated blocking clients; unused when no service's feature is on")]
    pub(crate) fn new() -> io::Result<Self> {
        tokio::runtime::Builder::new_current_thread().enable_all().build().map(|runtime| Blocking(Arc::new(runtime)))
    }

    /// Runs `future` to its end on this runtime.
    ///
    /// # Panics
    ///
    /// When called from inside an async runtime, as Tokio's `Runtime::block_on` does: async code calls the async
    /// client.
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.0.block_on(future)
    }
}

impl fmt::Debug for Blocking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Blocking")
    }
}

/// The pages of a paged operation, one call each, fetched as the iterator is advanced: [`Pages`] for the
/// `BlockingClient`s of the `blocking` feature. An error is the last item.
pub struct BlockingPages<O: Paged> {
    pages: Pages<O>,
    runtime: Blocking,
}

impl<O: Paged> BlockingPages<O> {
    #[allow(dead_code, reason = "called by the blocking client of each paged operation; a spec set may have none")]
    pub(crate) fn new(pages: Pages<O>, runtime: Blocking) -> Self {
        BlockingPages { pages, runtime }
    }

    /// The elements of every page, in order; an error is the last item.
    pub fn items(self) -> BlockingItems<O> {
        BlockingItems { items: self.pages.items(), runtime: self.runtime }
    }
}

impl<O: Paged> Iterator for BlockingPages<O> {
    type Item = Result<O::Output, Error<O::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.pages.next())
    }
}

impl<O: Paged> fmt::Debug for BlockingPages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingPages").field("operation", &O::META.name).finish_non_exhaustive()
    }
}

/// The elements of every page of a paged operation, as an iterator: [`Items`] for the `BlockingClient`s of the
/// `blocking` feature. An error is the last item.
pub struct BlockingItems<O: Paged> {
    items: Items<O>,
    runtime: Blocking,
}

impl<O: Paged> Iterator for BlockingItems<O> {
    type Item = Result<O::Item, Error<O::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.items.next())
    }
}

impl<O: Paged> fmt::Debug for BlockingItems<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingItems").field("operation", &O::META.name).finish_non_exhaustive()
    }
}
