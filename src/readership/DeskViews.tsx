import { format, type Messages, messagesFor } from '../i18n/messages.js';
import type { ArticleViews, HourViews } from './queries.js';

const number = (language: string, value: number) => new Intl.NumberFormat(language).format(value);

/** The dashboard's views cell: over the rolling day and in all; a dash for an article never viewed. */
export function ViewsCell({ views, language }: { views: ArticleViews | undefined; language: string }) {
  const t = messagesFor(language);
  if (!views) return <>—</>;
  return (
    <>
      {format(t.deskViewsCell, {
        day: number(language, views.lastDay),
        total: number(language, views.total),
      })}
    </>
  );
}

const WIDTH = 480;
const HEIGHT = 96;

/**
 * The editor's readership box (time runs left to right in the chart, oldest first, in either direction): views over the rolling day and in all, and a
 * bar chart of the last 48 hours drawn on the server as SVG (no script),
 * described for screen readers by its label and a visually hidden table.
 */
export function ArticleViewsBox(props: {
  language: string;
  timeZone: string;
  totals: ArticleViews | undefined;
  hours: HourViews[];
}) {
  const { language, hours } = props;
  const t = messagesFor(language);
  const total = hours.reduce((sum, h) => sum + h.views, 0);
  return (
    <section class="desk-box desk-views" aria-labelledby="desk-views">
      <h2 id="desk-views">{t.deskViewsTitle}</h2>
      <dl class="admin-facts">
        <dt>{t.deskViewsLastDay}</dt>
        <dd>{number(language, props.totals?.lastDay ?? 0)}</dd>
        <dt>{t.deskViewsTotal}</dt>
        <dd>{number(language, props.totals?.total ?? 0)}</dd>
      </dl>
      {total === 0 ? <p>{t.deskViewsNone}</p> : <ViewsChart {...props} t={t} total={total} />}
      <p class="desk-help">{t.deskViewsNote}</p>
    </section>
  );
}

function ViewsChart({
  language,
  timeZone,
  hours,
  total,
  t,
}: {
  language: string;
  timeZone: string;
  hours: HourViews[];
  total: number;
  t: Messages;
}) {
  const hourLabel = new Intl.DateTimeFormat(language, {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const label = (iso: string) => hourLabel.format(new Date(iso));
  const peak = hours.reduce(
    (best, h) => (h.views > best.views ? h : best),
    hours[0] ?? { hour: '', views: 0 },
  );
  const summary = format(t.deskViewsChartSummary, {
    total: number(language, total),
    hour: label(peak.hour),
    peak: number(language, peak.views),
  });
  const slot = WIDTH / Math.max(1, hours.length);
  return (
    <figure class="views-chart">
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        preserveAspectRatio="none"
      >
        <title>{t.deskViewsChart}</title>
        <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} class="views-axis" />
        {hours.map((h, i) => {
          const height = h.views === 0 ? 0 : Math.max(1, Math.round((h.views / peak.views) * (HEIGHT - 4)));
          return (
            <rect
              x={(i * slot + 1).toFixed(1)}
              y={HEIGHT - height}
              width={(slot - 2).toFixed(1)}
              height={height}
              class="views-bar"
            />
          );
        })}
      </svg>
      <figcaption>{summary}</figcaption>
      <table class="views-figures">
        <caption>
          {t.deskViewsChart}. {t.deskViewsOtherHours}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.deskViewsHour}</th>
            <th scope="col">{t.deskViews}</th>
          </tr>
        </thead>
        <tbody>
          {hours
            .filter((h) => h.views > 0)
            .map((h) => (
              <tr>
                <th scope="row">
                  <time datetime={h.hour}>{label(h.hour)}</time>
                </th>
                <td>{number(language, h.views)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}
