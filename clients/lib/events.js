// The events of a subscription, awaited one at a time.

/** A queue of a subscription's events: `sink` is what a client library calls; `next()` awaits
 * the next event (rejects after `ms`, or with the subscription's error). */
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
          const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
          waiting.push((item) => {
            clearTimeout(timer);
            resolve(item);
          });
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
