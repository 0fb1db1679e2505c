//! A total deadline on a request's body (`--request-body-timeout`), counted from its head.
//!
//! tower-http's body timeout times each gap between frames, so a body that drips a byte at a
//! time passes it; and the request timeout, the other bound, lets a stalled body hold a place
//! among `--max-concurrent-requests` for its whole length. A body wrapped here fails with
//! [`BodyTimedOut`] once the deadline passes, so the handler reading it answers 408
//! `BODY_TIMEOUT` at once and the request gives up its place.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use hyper::body::{Body as HttpBody, Frame, SizeHint};

/// The error a body wrapped by [`with_deadline`] fails with once its deadline passes.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl std::error::Error for BodyTimedOut {}

/// `body`, failing with [`BodyTimedOut`] where it has not ended within `within`. A body that
/// has ended already (a GET's) is returned as it is.
pub fn with_deadline(body: Body, within: Duration) -> Body {
    if body.is_end_stream() {
        return body;
    }
    Body::new(DeadlineBody {
        inner: body,
        deadline: Box::pin(tokio::time::sleep(within)),
    })
}

/// True where `error`, or an error it was caused by, is [`BodyTimedOut`] (typed: no message
/// text is read).
pub fn is_timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<BodyTimedOut>() {
            return true;
        }
        cause = error.source();
    }
    false
}

struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame),
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut)))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::FromRequest;

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stalls_fails_typed_at_its_deadline() {
        let (mut sender, stalled) = {
            let (sender, receiver) =
                futures_channel::mpsc::channel::<Result<Frame<Bytes>, axum::Error>>(1);
            (sender, Body::new(http_body_util::StreamBody::new(receiver)))
        };
        use futures_util::SinkExt;
        let _ = sender.send(Ok(Frame::data(Bytes::from_static(b"{")))).await;
        let request = axum::extract::Request::new(with_deadline(stalled, Duration::from_secs(5)));
        let read = Bytes::from_request(request, &()).await;
        let rejection = read.err().map(|rejection| is_timed_out(&rejection));
        assert_eq!(rejection, Some(true));
        let whole =
            axum::extract::Request::new(with_deadline(Body::from("{}"), Duration::from_secs(5)));
        assert_eq!(
            Bytes::from_request(whole, &()).await.ok(),
            Some(Bytes::from_static(b"{}"))
        );
    }
}
