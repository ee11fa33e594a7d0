import t from 'tap'
import { queueNames } from '@draftsmith/jobs'
import { conversion, mimes, runWorker, settled, setup, store } from '../helpers/worker.js'

t.test(
  'a conversion whose result cannot be stored fails with words for the person, and no document text on the job',
  async (t) => {
    const s = await setup(t, 'failure_words', undefined)
    // A real failure of the final write — a constraint the Markdown breaks — carries the Markdown
    // in drizzle's error as a bound parameter.
    await s.db
      .sql`alter table conversions add constraint no_secrets check (markdown is null or markdown not like '%confidential%')`
    const id = await store(s, 'memo.txt', mimes.text, Buffer.from('confidential: the merger closes on Friday'))
    const queue = await s.producer.queue()
    await queue.add(
      queueNames.conversions,
      { conversionId: id },
      { jobId: id, attempts: 2, backoff: { type: 'fixed', delay: 10 } },
    )
    await runWorker(t, s)
    const row = await settled(s, id)
    t.equal(row.status, 'failed')
    t.equal(
      row.error,
      'the conversion failed 2 times (an internal error, logged for the operators); upload the file again later',
    )
    t.equal(row.attempts, 2, 'retried first: the failure was not the input’s fault')
    const job = await queue.getJob(id)
    t.match(job?.failedReason, /Failed query: update "conversions"/, 'the operators see which query failed')
    t.notMatch(JSON.stringify({ reason: job?.failedReason, stack: job?.stacktrace }), /merger/, 'and not the document')
    t.equal((await conversion(s, id)).markdown, null)
  },
)
