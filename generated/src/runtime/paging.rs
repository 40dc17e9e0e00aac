//! Lazy streams over the pages of a paged operation, and over their elements.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{self, BoxStream, StreamExt};

use super::client::{Protocol, Transport};
use super::error::Error;
use super::{Operation, Paged};

/// The most pages one stream fetches. A service that keeps reporting more
/// pages than this is misbehaving; the stream ends rather than run forever.
pub const MAX_PAGES: u32 = 10_000;

type PageResult<O> = Result<<O as Operation>::Output, Error<<O as Operation>::Error>>;

/// The pages of a paged operation, fetched one at a time as the stream is polled.
///
/// The stream starts at the request's page (or page 1) and ends after the page
/// the service reports as the last, after an empty page, after a page that
/// reports no page count, after an error (yielded as the last item, once each
/// attempt allowed by the retry policy has failed), or after [`MAX_PAGES`] pages.
pub struct Pages<O: Paged> {
    inner: BoxStream<'static, PageResult<O>>,
}

impl<O: Paged> Pages<O> {
    #[allow(dead_code, reason = "called by the generated client of each paged operation; a spec set may have none")]
    pub(crate) fn new<P: Protocol>(transport: Transport<P>, request: O) -> Self {
        let first = request.page_number();
        let state = Some((transport, request, first, 1u32));
        let inner = stream::unfold(state, |state| async move {
            let (transport, request, page, fetched) = state?;
            match transport.send(&request.with_page(page)).await {
                Err(e) => Some((Err(e), None)),
                Ok(output) => {
                    let reported_more =
                        O::item_count(&output) > 0 && O::total_pages(&output).is_some_and(|total| page < total);
                    let more = reported_more && fetched < MAX_PAGES;
                    if reported_more && !more {
                        tracing::warn!(operation = O::META.name, "paging stopped after {MAX_PAGES} pages");
                    }
                    let next = more.then(|| (transport, request, page + 1, fetched + 1));
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
