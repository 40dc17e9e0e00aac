//! Lazy streams over the pages of a paged operation, and over their elements.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{self, BoxStream, StreamExt};

use super::client::{Protocol, Transport};
use super::error::Error;
use super::{Operation, PageStart, PageTotal, Paged};

/// The most pages one stream fetches. A service that keeps reporting more
/// pages than this is misbehaving; the stream ends rather than run forever.
pub const MAX_PAGES: u32 = 10_000;

type PageResult<O> = Result<<O as Operation>::Output, Error<<O as Operation>::Error>>;

/// The pages of a paged operation, fetched one at a time as the stream is polled.
///
/// The stream starts where the request does (its page number, else page 1; or
/// its offset, else 0) and ends after the page the service's total marks as the
/// last (a number of pages, or of items), after an empty page, after a page
/// with fewer items than asked for when the service reports no total, after an
/// error (yielded as the last item, once each attempt allowed by the retry
/// policy has failed), or after [`MAX_PAGES`] pages.
pub struct Pages<O: Paged> {
    inner: BoxStream<'static, PageResult<O>>,
}

impl<O: Paged> Pages<O> {
    #[allow(dead_code, reason = "called by the generated client of each paged operation; a spec set may have none")]
    pub(crate) fn new<P: Protocol>(transport: Transport<P>, request: O) -> Self {
        let first = request.position();
        let state = Some((transport, request, first, 1u32));
        let inner = stream::unfold(state, |state| async move {
            let (transport, request, position, fetched) = state?;
            let request = request.at(position);
            match transport.send(&request).await {
                Err(e) => Some((Err(e), None)),
                Ok(output) => {
                    let next = next_position::<O>(&request, position, &output);
                    let more = next.is_some() && fetched < MAX_PAGES;
                    if next.is_some() && !more {
                        tracing::warn!(operation = O::META.name, "paging stopped after {MAX_PAGES} pages");
                    }
                    let next = next.filter(|_| more).map(|next| (transport, request, next, fetched + 1));
                    Some((Ok(output), next))
                }
            }
        });
        Pages { inner: inner.boxed() }
    }

    /// The elements of every page, in order; an error ends the stream.
    pub fn items(self) -> Items<O> {
        let inner = self
            .inner
            .flat_map(|page| match page {
                Ok(output) => stream::iter(O::into_items(output).into_iter().map(Ok).collect::<Vec<_>>()),
                Err(e) => stream::iter(vec![Err(e)]),
            })
            .boxed();
        Items { inner }
    }
}

impl<O: Paged> Stream for Pages<O> {
    type Item = PageResult<O>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<O: Paged> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("operation", &O::META.name).finish_non_exhaustive()
    }
}

/// The elements of every page of a paged operation; see [`Pages::items`].
pub struct Items<O: Paged> {
    inner: BoxStream<'static, Result<O::Item, Error<O::Error>>>,
}

impl<O: Paged> Stream for Items<O> {
    type Item = Result<O::Item, Error<O::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<O: Paged> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("operation", &O::META.name).finish_non_exhaustive()
    }
}

/// Where the page after `output` starts, or `None` when `output` is the last.
fn next_position<O: Paged>(request: &O, position: u64, output: &O::Output) -> Option<u64> {
    let count = u64::try_from(O::item_count(output)).unwrap_or(u64::MAX);
    if count == 0 {
        return None;
    }
    let size = request.page_size();
    // The first item after this page, counted from 0.
    let (next, seen) = match O::START {
        PageStart::Number => (position.checked_add(1)?, position.saturating_mul(size.unwrap_or(count))),
        PageStart::Offset => {
            let next = position.checked_add(count)?;
            (next, next)
        }
    };
    let more = match O::total(output) {
        Some(PageTotal::Pages(pages)) => position < pages,
        Some(PageTotal::Items(items)) => seen < items,
        // No total: a full page may have a successor, a short one is the last.
        None => size.is_some_and(|size| count >= size),
    };
    more.then_some(next)
}
