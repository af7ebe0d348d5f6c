import type { Event, Job } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import type { DashboardSnapshot, DashboardSource } from './dashboard-data.js';

// Ink and React arrive as arguments: a static import would load them at every `till` start (test/manifest.test.ts).
type ReactModule = typeof import('react');
type InkModule = typeof import('ink');

export interface DashboardProps {
  source: DashboardSource;
  /** Milliseconds between refreshes. */
  refreshMs: number;
}

const HELP = '↑/↓ select a job · r retry · c cancel · ? help · q quit';

/**
 * The live dashboard as an Ink component: daemon health and mode, queue depths and throughput, running and dead
 * jobs (retry or cancel from the keyboard), orders and revenue in the last hour, webhook endpoints and the event
 * feed. Lines are cut to the terminal's width, which Ink re-reads on resize.
 */
export function createDashboardView(
  React: ReactModule,
  ink: InkModule,
): (props: DashboardProps) => import('react').ReactElement {
  const h = React.createElement;
  const { Box, Text, useApp, useInput, useStdout } = ink;

  function Section(props: { title: string; children?: unknown }) {
    return h(
      Box,
      { flexDirection: 'column', marginBottom: 1 },
      h(Text, { bold: true, color: 'cyan' }, props.title),
      props.children as never,
    );
  }

  return function Dashboard({ source, refreshMs }: DashboardProps) {
    const { exit } = useApp();
    const { stdout } = useStdout();
    const width = Math.max(40, stdout.columns ?? 80);
    const [snapshot, setSnapshot] = React.useState<DashboardSnapshot>();
    const [error, setError] = React.useState<string>();
    const [feed, setFeed] = React.useState<Event[]>([]);
    const [selected, setSelected] = React.useState(0);
    const [help, setHelp] = React.useState(false);
    const [notice, setNotice] = React.useState<string>();

    const refresh = React.useCallback(async () => {
      try {
        setSnapshot(await source.snapshot());
        setError(undefined);
      } catch (cause) {
        setError(cause instanceof Error ? cause.message : String(cause));
      }
    }, [source]);

    React.useEffect(() => {
      void refresh();
      const timer = setInterval(() => void refresh(), refreshMs);
      return () => clearInterval(timer);
    }, [refresh, refreshMs]);
    React.useEffect(
      () => source.subscribe((event) => setFeed((old) => [event, ...old].slice(0, 8))),
      [source],
    );

    const jobs: Job[] = snapshot?.jobs ?? [];
    const act = (verb: 'retry' | 'cancel') => {
      const job = jobs[selected];
      if (!job) return;
      source[verb](job.id).then(
        (updated) => {
          setNotice(`${verb === 'retry' ? 'Retried' : 'Cancelled'} ${job.id}: now ${updated.status}`);
          void refresh();
        },
        (cause: unknown) =>
          setNotice(`${verb} failed: ${cause instanceof Error ? cause.message : String(cause)}`),
      );
    };
    useInput((input, key) => {
      if (input === 'q') exit();
      else if (input === '?') setHelp((shown) => !shown);
      else if (key.upArrow) setSelected((index) => Math.max(0, index - 1));
      else if (key.downArrow) setSelected((index) => Math.min(Math.max(0, jobs.length - 1), index + 1));
      else if (input === 'r') act('retry');
      else if (input === 'c') act('cancel');
    });

    const cut = (text: string) => (text.length > width - 2 ? `${text.slice(0, width - 3)}…` : text);
    if (!snapshot) return h(Text, null, error ? `Cannot reach the daemon: ${error}` : 'Loading…');
    const d = snapshot.daemon;
    return h(
      Box,
      { flexDirection: 'column', width },
      h(
        Text,
        null,
        h(Text, { bold: true }, 'tillpoint '),
        cut(`${d.version} · ${d.mode} · ${d.role} · ${d.database} · `),
        h(Text, { color: d.ready ? 'green' : 'red' }, d.ready ? 'ready' : 'NOT READY'),
        cut(` (${d.checks}) · ${snapshot.updatedAt.toISOString().slice(11, 19)} UTC`),
      ),
      error ? h(Text, { color: 'red' }, cut(`refresh failed: ${error}`)) : null,
      h(Text, null, ' '),
      h(
        Section,
        { title: 'Queues' },
        ...snapshot.queues.map((q) =>
          h(
            Text,
            { key: q.name },
            cut(
              `${q.name.padEnd(16)} pending ${String(q.pending).padStart(5)}  running ${String(q.running).padStart(4)}  dead `,
            ),
            h(Text, { color: q.dead > 0 ? 'red' : undefined }, String(q.dead).padStart(4)),
            `  done/min ${q.succeededLastMinute}`,
          ),
        ),
      ),
      h(
        Section,
        { title: `Running and failed jobs (${jobs.length})` },
        ...(jobs.length === 0
          ? [h(Text, { key: 'none', dimColor: true }, 'none')]
          : jobs.slice(0, 8).map((job, index) =>
              h(
                Text,
                {
                  key: job.id,
                  inverse: index === selected,
                  color: job.status === 'dead' ? 'red' : undefined,
                },
                cut(
                  `${job.status.padEnd(8)} ${job.type.padEnd(24)} ${job.id} ${job.lastError ?? `${job.progress}%`}`,
                ),
              ),
            )),
      ),
      h(
        Section,
        { title: 'Orders in the last hour' },
        h(
          Text,
          null,
          cut(
            `${snapshot.ordersLastHour.count} orders · revenue ${
              snapshot.ordersLastHour.revenue.map((r) => formatMoney(r.amount, r.currency)).join(', ') || '0'
            }`,
          ),
        ),
      ),
      h(
        Section,
        { title: 'Webhook endpoints' },
        ...(snapshot.webhooks.length === 0
          ? [h(Text, { key: 'none', dimColor: true }, 'none')]
          : snapshot.webhooks.map((w) =>
              h(
                Text,
                { key: w.id, color: w.status === 'disabled' ? 'red' : w.failingSince ? 'yellow' : 'green' },
                cut(
                  `${w.status.padEnd(9)} ${w.failingSince ? `failing since ${w.failingSince} ` : ''}${w.url}`,
                ),
              ),
            )),
      ),
      h(
        Section,
        { title: 'Live events' },
        ...(feed.length === 0
          ? [h(Text, { key: 'none', dimColor: true }, 'waiting for events…')]
          : feed.map((event) =>
              h(
                Text,
                { key: event.id },
                cut(`${event.createdAt.slice(11, 19)} ${event.type.padEnd(24)} ${event.subjectId}`),
              ),
            )),
      ),
      notice ? h(Text, { color: 'yellow' }, cut(notice)) : null,
      h(Text, { dimColor: !help }, help ? HELP : 'q quit · ? keys'),
    );
  };
}
