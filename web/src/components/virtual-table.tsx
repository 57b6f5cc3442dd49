/**
 * A virtualised table: only the rows in view (plus a margin) are in the DOM, so ten thousand
 * attacks scroll as smoothly as ten. Rows have a fixed height. Keyboard: the table is one tab
 * stop; arrows, Page Up/Down, Home/End move the selection (`aria-activedescendant`), Enter opens
 * the row. When the last rows come into view `onEndReached` asks for the next page.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** One column. */
export interface Column<T> {
  readonly key: string;
  readonly title: string;
  /** CSS grid track, e.g. `120px` or `1fr`. */
  readonly width: string;
  readonly align?: 'right';
  render(row: T): ReactNode;
}

/** Properties of {@link VirtualTable}. */
export interface VirtualTableProps<T> {
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly label: string;
  readonly onOpen?: (row: T) => void;
  readonly onEndReached?: () => void;
  /** Total rows when known (for `aria-rowcount`); -1 when more may come. */
  readonly total?: number;
  readonly height?: number;
  readonly rowHeight?: number;
}

const OVERSCAN = 8;

/** The table. */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const rowHeight = props.rowHeight ?? 34;
  const height = props.height ?? 480;
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [selected, setSelected] = useState(-1);
  const id = useId();
  const template = props.columns.map((c) => c.width).join(' ');
  const n = props.rows.length;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(n, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);

  const { onEndReached } = props;
  useEffect(() => {
    if (onEndReached !== undefined && n > 0 && last >= n - OVERSCAN) onEndReached();
  }, [last, n, onEndReached]);

  const select = (i: number): void => {
    if (n === 0) return;
    const k = Math.max(0, Math.min(n - 1, i));
    setSelected(k);
    const el = box.current;
    if (el === null) return;
    const top = (k + 1) * rowHeight;
    if (top < el.scrollTop + rowHeight) el.scrollTop = top - rowHeight;
    else if (top + rowHeight > el.scrollTop + height) el.scrollTop = top + rowHeight - height;
  };
  const page = Math.max(1, Math.floor(height / rowHeight) - 2);
  const onKey = (e: KeyboardEvent): void => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => select(selected + 1),
      ArrowUp: () => select(selected - 1),
      PageDown: () => select(selected + page),
      PageUp: () => select(selected - page),
      Home: () => select(0),
      End: () => select(n - 1),
      Enter: () => {
        const r = props.rows[selected];
        if (r !== undefined) props.onOpen?.(r);
      },
    };
    const fn = keys[e.key];
    if (fn === undefined) return;
    e.preventDefault();
    fn();
  };

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const r = props.rows[i]!;
    rows.push(
      <div
        key={props.rowKey(r)}
        id={`${id}-r${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === selected}
        className="vrow"
        style={{ top: (i + 1) * rowHeight, height: rowHeight, gridTemplateColumns: template }}
        onClick={() => {
          setSelected(i);
          props.onOpen?.(r);
        }}
      >
        {props.columns.map((c) => (
          <div role="gridcell" key={c.key} className={c.align === 'right' ? 'num' : undefined}>
            {c.render(r)}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div
      ref={box}
      className="vlist"
      role="grid"
      aria-label={props.label}
      aria-rowcount={props.total === undefined ? n + 1 : props.total < 0 ? -1 : props.total + 1}
      aria-activedescendant={selected >= first && selected < last ? `${id}-r${selected}` : undefined}
      tabIndex={0}
      style={{ height }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKey}
      onFocus={() => {
        if (selected < 0 && n > 0) setSelected(Math.min(n - 1, Math.floor(scrollTop / rowHeight)));
      }}
    >
      <div style={{ height: (n + 1) * rowHeight, position: 'relative' }}>
        <div role="row" aria-rowindex={1} className="vrow head" style={{ height: rowHeight, gridTemplateColumns: template }}>
          {props.columns.map((c) => (
            <div role="columnheader" key={c.key} className={c.align === 'right' ? 'num' : undefined}>
              {c.title}
            </div>
          ))}
        </div>
        {rows}
      </div>
    </div>
  );
}
