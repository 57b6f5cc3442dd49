/**
 * A time-series line chart drawn on a canvas: one line per series over evenly spaced points (one
 * second apart for live rates), a legend that toggles series, and a hover/keyboard read-out. A
 * canvas keeps an hour of one-second points for seven classes (25 200 points) cheap to redraw
 * every second; the figure's summary is in its accessible label and the read-out is live text.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { clockTime } from '../lib/format.js';

/** One line of the chart. */
export interface ChartSeries {
  readonly key: string;
  readonly label: string;
  /** A CSS colour or `var(--name)`. */
  readonly color: string;
  /** Values at `start + i * step`; NaN is a gap. */
  readonly values: ArrayLike<number>;
}

/** Properties of {@link TimeChart}. */
export interface TimeChartProps {
  readonly series: readonly ChartSeries[];
  /** Time of the first point, ms since the epoch. */
  readonly start: number;
  /** Milliseconds between points. */
  readonly step: number;
  readonly format: (v: number) => string;
  readonly height?: number;
  /** What the chart shows, for screen readers. */
  readonly label: string;
  /** Series hidden at first. */
  readonly hidden?: readonly string[];
}

const PAD = { left: 64, right: 10, top: 8, bottom: 22 };

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

function resolveColor(el: HTMLElement, c: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(c);
  return m === null ? c : getComputedStyle(el).getPropertyValue(m[1]!).trim() || '#888';
}

function pointCount(series: readonly ChartSeries[]): number {
  return series.reduce((n, s) => Math.max(n, s.values.length), 0);
}

function draw(canvas: HTMLCanvasElement, props: TimeChartProps, hidden: ReadonlySet<string>, cursor: number | undefined): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const visible = props.series.filter((s) => !hidden.has(s.key));
  const n = pointCount(props.series);
  let max = 0;
  for (const s of visible) for (let i = 0; i < s.values.length; i++) if (s.values[i]! > max) max = s.values[i]!;
  // A floor keeps an idle network's axis readable (no 0.25 pps ticks).
  const top = niceMax(Math.max(max, 10));
  const pw = w - PAD.left - PAD.right;
  const ph = h - PAD.top - PAD.bottom;
  const x = (i: number): number => PAD.left + (n <= 1 ? 0 : (i / (n - 1)) * pw);
  const y = (v: number): number => PAD.top + ph - (v / top) * ph;
  const muted = resolveColor(canvas, 'var(--muted)');
  const border = resolveColor(canvas, 'var(--border)');

  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = muted;
  ctx.strokeStyle = border;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  // Five intervals: with tops of 1, 2, 2.5, 5 or 10 × 10^n every tick is a round number.
  for (let k = 0; k <= 5; k++) {
    const v = (top * k) / 5;
    const yy = Math.round(y(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(PAD.left, yy);
    ctx.lineTo(w - PAD.right, yy);
    ctx.stroke();
    ctx.fillText(props.format(v), PAD.left - 6, yy);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const ticks = Math.max(2, Math.min(7, Math.floor(pw / 110)));
  for (let k = 0; k < ticks; k++) {
    const i = Math.round(((n - 1) * k) / (ticks - 1));
    ctx.fillText(clockTime(props.start + i * props.step), Math.min(Math.max(x(i), PAD.left + 24), w - PAD.right - 24), h - PAD.bottom + 5);
  }

  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  for (const s of visible) {
    ctx.strokeStyle = resolveColor(canvas, s.color);
    ctx.beginPath();
    let pen = false;
    // More points than pixels: draw each pixel column's min and max so spikes never vanish.
    const perPx = s.values.length / Math.max(1, pw);
    if (perPx > 2) {
      for (let px = 0; px < pw; px++) {
        const a = Math.floor(px * perPx);
        const b = Math.min(s.values.length, Math.floor((px + 1) * perPx));
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = a; i < b; i++) {
          const v = s.values[i]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (!(hi >= lo)) {
          pen = false;
          continue;
        }
        const xx = PAD.left + px;
        if (pen) ctx.lineTo(xx, y(hi));
        else ctx.moveTo(xx, y(hi));
        ctx.lineTo(xx, y(lo));
        pen = true;
      }
    } else {
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]!;
        if (Number.isNaN(v)) {
          pen = false;
          continue;
        }
        if (pen) ctx.lineTo(x(i), y(v));
        else ctx.moveTo(x(i), y(v));
        pen = true;
      }
    }
    ctx.stroke();
    // A single second has no line to draw: mark it.
    if (s.values.length === 1 && !Number.isNaN(s.values[0]!)) {
      ctx.fillStyle = ctx.strokeStyle;
      ctx.beginPath();
      ctx.arc(x(0), y(s.values[0]!), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  if (cursor !== undefined && n > 0) {
    ctx.strokeStyle = muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(x(cursor)) + 0.5, PAD.top);
    ctx.lineTo(Math.round(x(cursor)) + 0.5, PAD.top + ph);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

/** The chart with its legend and read-out. */
export function TimeChart(props: TimeChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set(props.hidden ?? []));
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [width, setWidth] = useState(0);
  const n = pointCount(props.series);

  useLayoutEffect(() => {
    if (canvas.current !== null) draw(canvas.current, props, hidden, cursor);
  });
  useEffect(() => {
    const c = canvas.current;
    if (c === null) return;
    const ro = new ResizeObserver(() => setWidth(c.clientWidth));
    ro.observe(c);
    return () => ro.disconnect();
  }, []);
  void width;

  const at = (clientX: number): number | undefined => {
    const c = canvas.current;
    if (c === null || n === 0) return undefined;
    const r = c.getBoundingClientRect();
    const f = (clientX - r.left - PAD.left) / (r.width - PAD.left - PAD.right);
    return Math.max(0, Math.min(n - 1, Math.round(f * (n - 1))));
  };
  const onKey = (e: KeyboardEvent): void => {
    if (n === 0) return;
    const step = e.shiftKey ? 60 : 1;
    if (e.key === 'ArrowLeft') setCursor((c) => Math.max(0, (c ?? n - 1) - step));
    else if (e.key === 'ArrowRight') setCursor((c) => Math.min(n - 1, (c ?? n - 1) + step));
    else if (e.key === 'Escape') setCursor(undefined);
    else return;
    e.preventDefault();
  };
  const readout =
    cursor === undefined
      ? undefined
      : `${clockTime(props.start + cursor * props.step)}: ${props.series
          .filter((s) => !hidden.has(s.key))
          .map((s) => `${s.label} ${Number.isNaN(s.values[cursor] ?? NaN) ? '–' : props.format(s.values[cursor]!)}`)
          .join(', ')}`;

  return (
    <figure className="chart" style={{ margin: 0 }}>
      <canvas
        ref={canvas}
        style={{ height: props.height ?? 180 }}
        role="img"
        aria-label={props.label}
        tabIndex={0}
        onKeyDown={onKey}
        onMouseMove={(e) => setCursor(at(e.clientX))}
        onMouseLeave={() => setCursor(undefined)}
        onBlur={() => setCursor(undefined)}
      />
      {readout === undefined ? null : (
        <div className="tooltip" style={{ top: 4, right: 12 }} aria-live="polite">
          {readout}
        </div>
      )}
      <figcaption className="legend">
        {props.series.map((s) => (
          <button
            type="button"
            key={s.key}
            aria-pressed={!hidden.has(s.key)}
            onClick={() =>
              setHidden((h) => {
                const next = new Set(h);
                if (next.has(s.key)) next.delete(s.key);
                else next.add(s.key);
                return next;
              })
            }
          >
            <span className="swatch" style={{ background: s.color }} />
            {s.label}
          </button>
        ))}
      </figcaption>
    </figure>
  );
}
