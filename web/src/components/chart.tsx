import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  /** A CSS colour or a `var(--…)` name resolved when drawn (follows the theme). */
  color: string;
  dash?: number[];
  /** Format of a value in the legend and the cursor. */
  format?: (value: number) => string;
}

export interface ChartBand {
  /** Epoch seconds. */
  from: number;
  to: number;
  label: string;
  color: string;
}

export interface ChartLine {
  value: number;
  label: string;
  color: string;
}

export interface ChartProps {
  /** The figure's accessible name, also its visible caption ("Error budget remaining"). */
  title: string;
  /** The text alternative: current values in words, always rendered under the chart. */
  summary: ReactNode;
  /** x in epoch seconds, then one array per series (null = no data). */
  data: [number[], ...Array<Array<number | null>>];
  series: ChartSeries[];
  /** Horizontal lines (thresholds, the ideal). */
  lines?: ChartLine[];
  /** Shaded x ranges (alerts, exclusions). */
  bands?: ChartBand[];
  /** Vertical markers (e.g. deploys). */
  markers?: Array<{ at: number; label: string }>;
  yMin?: number;
  yMax?: number;
  /** A logarithmic y axis (base 10), for values spanning decades such as burn rates; values must be > 0. */
  yLog?: boolean;
  height?: number;
  yFormat?: (value: number) => string;
}

function resolve(color: string, element: Element): string {
  const name = /^var\((--[\w-]+)\)$/.exec(color)?.[1];
  return name ? getComputedStyle(element).getPropertyValue(name).trim() || '#888' : color;
}

/**
 * A time-series chart (uPlot, loaded on first use) inside a `figure` whose caption names it and whose text
 * alternative gives the values; thresholds, shaded bands and markers are drawn on the canvas and listed in
 * words below it.
 */
export function Chart(props: ChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const captionId = useId();
  const { data, series, lines, bands, markers, yMin, yMax, yLog, height = 220, yFormat } = props;

  useEffect(() => {
    const element = holder.current;
    if (!element) return undefined;
    let plot: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    void import('./uplot-loader.ts')
      .then(({ default: UPlot }) => {
        if (cancelled) return;
        const text = resolve('var(--text-muted)', element);
        const grid = resolve('var(--border)', element);
        const options: uPlot.Options = {
          width: Math.max(200, element.clientWidth),
          height,
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          scales: {
            x: { time: true },
            y: {
              ...(yLog ? { distr: 3, log: 10 } : {}),
              ...(yMin !== undefined || yMax !== undefined
                ? { range: [yMin ?? null, yMax ?? null] as uPlot.Range.MinMax }
                : {}),
            },
          },
          axes: [
            { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
            {
              stroke: text,
              grid: { stroke: grid, width: 1 },
              ticks: { stroke: grid },
              size: 60,
              ...(yFormat ? { values: (_u: uPlot, ticks: number[]) => ticks.map(yFormat) } : {}),
            },
          ],
          series: [
            {},
            ...series.map((s) => ({
              label: s.label,
              stroke: resolve(s.color, element),
              width: 2,
              spanGaps: false,
              ...(s.dash ? { dash: s.dash } : {}),
              ...(s.format
                ? {
                    value: (_u: uPlot, v: number | null) =>
                      v === null ? '—' : (s.format as (n: number) => string)(v),
                  }
                : {}),
            })),
          ],
          hooks: {
            drawClear: [
              (u: uPlot) => {
                const ctx = u.ctx;
                ctx.save();
                for (const band of bands ?? []) {
                  const x0 = u.valToPos(band.from, 'x', true);
                  const x1 = u.valToPos(band.to, 'x', true);
                  ctx.fillStyle = resolve(band.color, element);
                  ctx.globalAlpha = 0.18;
                  ctx.fillRect(Math.min(x0, x1), u.bbox.top, Math.abs(x1 - x0), u.bbox.height);
                }
                ctx.restore();
              },
            ],
            draw: [
              (u: uPlot) => {
                const ctx = u.ctx;
                ctx.save();
                ctx.lineWidth = 1.5 * devicePixelRatio;
                for (const line of lines ?? []) {
                  const y = u.valToPos(line.value, 'y', true);
                  if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
                  ctx.strokeStyle = resolve(line.color, element);
                  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
                  ctx.beginPath();
                  ctx.moveTo(u.bbox.left, y);
                  ctx.lineTo(u.bbox.left + u.bbox.width, y);
                  ctx.stroke();
                }
                ctx.setLineDash([2 * devicePixelRatio, 3 * devicePixelRatio]);
                ctx.strokeStyle = resolve('var(--text-muted)', element);
                for (const marker of markers ?? []) {
                  const x = u.valToPos(marker.at, 'x', true);
                  ctx.beginPath();
                  ctx.moveTo(x, u.bbox.top);
                  ctx.lineTo(x, u.bbox.top + u.bbox.height);
                  ctx.stroke();
                }
                ctx.restore();
              },
            ],
          },
        };
        plot = new UPlot(options, data as uPlot.AlignedData, element);
        observer = new ResizeObserver(() =>
          plot?.setSize({ width: Math.max(200, element.clientWidth), height }),
        );
        observer.observe(element);
      })
      .catch((error: unknown) => setFailed(String(error)));
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [data, series, lines, bands, markers, yMin, yMax, yLog, height, yFormat]);

  return (
    <figure className="chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>{props.title}</figcaption>
      <div ref={holder} className="chart-canvas" aria-hidden="true" data-testid={`chart-${props.title}`} />
      {failed ? <p className="notice notice-error">The chart could not be drawn: {failed}</p> : null}
      <div className="chart-summary">{props.summary}</div>
      {lines?.length || bands?.length || markers?.length ? (
        <ul className="chart-legend">
          {lines?.map((line) => (
            <li key={`line-${line.label}`}>
              <span className="swatch swatch-dashed" style={{ borderColor: line.color }} aria-hidden="true" />{' '}
              {line.label}
            </li>
          ))}
          {bands?.slice(0, 8).map((band) => (
            <li key={`band-${band.label}-${band.from}`}>
              <span className="swatch" style={{ background: band.color }} aria-hidden="true" /> {band.label}
            </li>
          ))}
          {bands && bands.length > 8 ? <li>and {bands.length - 8} more shaded ranges</li> : null}
          {markers?.slice(0, 8).map((marker) => (
            <li key={`marker-${marker.label}-${marker.at}`}>┊ {marker.label}</li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
