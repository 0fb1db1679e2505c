// Events awaited one at a time: a subscription's (through a client library's sink), or the
// messages of a raw socket (lib/socket.js).

/** A queue of events: `sink` is what a client library calls; `next()` awaits the next event
 * (rejects after `ms`, or with the subscription's error). */
export function events() {
  const inbox = [];
  const waiting = [];
  let failure = null;
  const deliver = (item) => {
    const waiter = waiting.shift();
    if (waiter) waiter(item);
    else inbox.push(item);
  };
  return {
    sink: {
      next: (value) => deliver({ value }),
      error: (error) => {
        failure = error;
        deliver({ error });
      },
      complete: () => deliver({ complete: true }),
    },
    /** The next event's value (an error or the end of the subscription rejects). */
    async next(ms = 15000) {
      const item = inbox.length
        ? inbox.shift()
        : await new Promise((resolve, reject) => {
          const waiter = (item) => {
            clearTimeout(timer);
            resolve(item);
          };
          // A waiter that timed out leaves the queue: a later event goes to the next caller.
          const timer = setTimeout(() => {
            waiting.splice(waiting.indexOf(waiter), 1);
            reject(new Error(`no event within ${ms} ms`));
          }, ms);
          waiting.push(waiter);
        });
      if (item.error) throw item.error instanceof Error ? item.error : new Error(JSON.stringify(item.error));
      if (item.complete) throw new Error("the subscription completed");
      return item.value;
    },
    get failure() {
      return failure;
    },
  };
}
