/**
 * The console shell: sign-in gate, role-aware sidebar, keyboard shortcuts (`g` then a letter;
 * `?` lists them) and the route table. After each navigation focus moves to the page title so
 * keyboard and screen-reader users start at the top of the new page.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { SessionGate, useSession } from './api/session.js';
import { Loading } from './components/ui.js';
import { Link } from './components/ui.js';
import { match, navigate, useLocation } from './lib/router.js';
import { canSee, homeFor, ROLE_NAMES, viewsFor, type ViewKey } from './lib/views.js';
import { Board } from './views/board.js';
import { SignIn } from './views/sign-in.js';

// The board is the first view of most roles; the others load when first opened.
/**
 * A view loaded on first use. Not React.lazy: a Suspense boundary holds revealed content back for
 * ~300 ms (React 19's fallback throttling), which would delay every first visit by that much.
 */
// Props `never`: a component with props of any type fits; the view returned keeps the component's own.
function named<M extends Record<K, ComponentType<never>>, K extends keyof M & string>(load: () => Promise<M>, name: K): M[K] {
  let loaded: M[K] | undefined;
  let pending: Promise<void> | undefined;
  const View = (props: object) => {
    const [, setReady] = useState(loaded !== undefined);
    useEffect(() => {
      if (loaded !== undefined) return;
      pending ??= load().then((m) => {
        loaded = m[name];
      });
      let live = true;
      void pending.then(() => live && setReady(true));
      return () => {
        live = false;
      };
    }, []);
    const C = loaded as ComponentType<object> | undefined;
    return C === undefined ? <Loading /> : <C {...props} />;
  };
  return View as unknown as M[K];
}
const AttackList = named(() => import('./views/attacks.js'), 'AttackList');
const AttackDetailView = named(() => import('./views/attack-detail.js'), 'AttackDetailView');
const CaseList = named(() => import('./views/cases.js'), 'CaseList');
const CaseDetailView = named(() => import('./views/case-detail.js'), 'CaseDetailView');
const RequestList = named(() => import('./views/requests.js'), 'RequestList');
const RequestForm = named(() => import('./views/request-form.js'), 'RequestForm');
const RequestDetailView = named(() => import('./views/request-detail.js'), 'RequestDetailView');
const ApprovalQueue = named(() => import('./views/approvals.js'), 'ApprovalQueue');
const EmergencyList = named(() => import('./views/emergency.js'), 'EmergencyList');
const ExecutionList = named(() => import('./views/executions.js'), 'ExecutionList');
const AuditView = named(() => import('./views/audit.js'), 'AuditView');
const OversightView = named(() => import('./views/oversight.js'), 'OversightView');
const ReportView = named(() => import('./views/report.js'), 'ReportView');
const ExporterList = named(() => import('./views/exporters.js'), 'ExporterList');
const IntelCollections = named(() => import('./views/intel.js'), 'IntelCollections');
const IntelCollectionView = named(() => import('./views/intel.js'), 'IntelCollectionView');
const IntelObjectView = named(() => import('./views/intel.js'), 'IntelObjectView');
const InboxView = named(() => import('./views/intel.js'), 'InboxView');
const SharedView = named(() => import('./views/intel-shared.js'), 'SharedView');
const FeedList = named(() => import('./views/intel-feeds.js'), 'FeedList');
const AssetList = named(() => import('./views/assets.js'), 'AssetList');
const AssetDetailView = named(() => import('./views/asset-detail.js'), 'AssetDetailView');
const IncidentList = named(() => import('./views/incidents.js'), 'IncidentList');
const IncidentDetailView = named(() => import('./views/incident-detail.js'), 'IncidentDetailView');
const ExposureView = named(() => import('./views/exposure.js'), 'ExposureView');
const VulnerabilityView = named(() => import('./views/vulnerability.js'), 'VulnerabilityView');
const AdvisoryList = named(() => import('./views/advisories.js'), 'AdvisoryList');
const AdvisoryDetailView = named(() => import('./views/advisory-detail.js'), 'AdvisoryDetailView');

interface RouteDef {
  readonly pattern: string;
  /** The view the route belongs to; `also` lists further views whose roles may open it (the first one visible is highlighted). */
  readonly view: ViewKey;
  readonly also?: readonly ViewKey[];
  render(params: Record<string, string>, query: URLSearchParams): ReactNode;
}

const ROUTES: readonly RouteDef[] = [
  { pattern: '', view: 'board', render: () => <Board /> },
  { pattern: '/attacks', view: 'attacks', render: () => <AttackList /> },
  { pattern: '/attacks/:id', view: 'attacks', render: (p) => <AttackDetailView id={p.id!} /> },
  { pattern: '/cases', view: 'cases', render: () => <CaseList /> },
  { pattern: '/cases/:id', view: 'cases', render: (p) => <CaseDetailView id={p.id!} /> },
  { pattern: '/requests', view: 'requests', render: () => <RequestList /> },
  { pattern: '/requests/new', view: 'requests', render: (_, q) => <RequestForm query={q} /> },
  { pattern: '/requests/:id', view: 'approvals', also: ['requests', 'emergency'], render: (p) => <RequestDetailView id={p.id!} /> },
  { pattern: '/approvals', view: 'approvals', render: () => <ApprovalQueue /> },
  { pattern: '/emergency', view: 'emergency', render: () => <EmergencyList /> },
  { pattern: '/executions', view: 'executions', render: () => <ExecutionList /> },
  { pattern: '/assets', view: 'assets', render: (_, q) => <AssetList query={q} /> },
  { pattern: '/assets/:id', view: 'assets', render: (p) => <AssetDetailView id={p.id!} /> },
  { pattern: '/incidents', view: 'incidents', render: (_, q) => <IncidentList query={q} /> },
  { pattern: '/incidents/:id', view: 'incidents', render: (p) => <IncidentDetailView id={p.id!} /> },
  { pattern: '/exposure', view: 'exposure', render: (_, q) => <ExposureView query={q} /> },
  { pattern: '/vulns/:cve', view: 'exposure', also: ['advisories'], render: (p) => <VulnerabilityView cve={p.cve!} /> },
  { pattern: '/advisories', view: 'advisories', render: () => <AdvisoryList /> },
  { pattern: '/advisories/:id', view: 'advisories', render: (p) => <AdvisoryDetailView id={p.id!} /> },
  { pattern: '/oversight', view: 'oversight', render: () => <OversightView /> },
  { pattern: '/audit', view: 'audit', render: () => <AuditView /> },
  { pattern: '/report', view: 'report', render: () => <ReportView /> },
  { pattern: '/exporters', view: 'exporters', render: () => <ExporterList /> },
  { pattern: '/intel', view: 'intel', render: () => <IntelCollections /> },
  { pattern: '/intel/collections/:id', view: 'intel', also: ['shared'], render: (p) => <IntelCollectionView id={p.id!} /> },
  { pattern: '/intel/objects/:id', view: 'intel', also: ['inbox'], render: (p) => <IntelObjectView id={p.id!} /> },
  { pattern: '/inbox', view: 'inbox', render: () => <InboxView /> },
  { pattern: '/shared', view: 'shared', render: () => <SharedView /> },
  { pattern: '/feeds', view: 'feeds', render: () => <FeedList /> },
];

function useShortcuts(onHelp: () => void): void {
  const { me } = useSession();
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || t?.closest('input, textarea, select, [contenteditable]') != null) return;
      if (e.key === '?') {
        onHelp();
        return;
      }
      if (e.key === 'g') {
        pendingG = Date.now();
        return;
      }
      if (Date.now() - pendingG > 1500) return;
      pendingG = 0;
      const v = viewsFor(me.roles).find((x) => x.shortcut === e.key);
      if (v !== undefined) {
        e.preventDefault();
        navigate(v.path);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [me, onHelp]);
}

function Shortcuts({ close }: { close: () => void }) {
  const { me } = useSession();
  return (
    <div className="card" role="dialog" aria-modal="false" aria-labelledby="kbd-title" style={{ position: 'fixed', right: 20, top: 20, zIndex: 5, width: 300 }}>
      <div className="spread">
        <h2 id="kbd-title">Keyboard shortcuts</h2>
        <button type="button" onClick={close} autoFocus>
          Close
        </button>
      </div>
      <dl className="kbd-help">
        {viewsFor(me.roles).map((v) => (
          <div key={v.key}>
            <dt>g {v.shortcut}</dt>
            <dd>{v.title}</dd>
          </div>
        ))}
        <dt>↑ ↓ PgUp PgDn Home End, Enter</dt>
        <dd>move in a table, open the row</dd>
        <dt>← → (Shift: one minute)</dt>
        <dd>read a chart second by second</dd>
      </dl>
    </div>
  );
}

function Shell() {
  const { me, signOut } = useSession();
  const { path, query } = useLocation();
  const [help, setHelp] = useState(false);
  useShortcuts(() => setHelp((h) => !h));
  const clean = path.replace(/\/+$/, '');
  const route = ROUTES.find((r) => match(r.pattern, clean) !== undefined);
  const views = viewsFor(me.roles);
  const routeViews = route === undefined ? [] : [route.view, ...(route.also ?? [])];
  const currentKey = routeViews.find((k) => canSee(me.roles, k));
  const allowed = currentKey !== undefined;

  useEffect(() => {
    // A role without the board (auditor, admin) lands on its own first view.
    if (clean === '' && !canSee(me.roles, 'board')) navigate(homeFor(me.roles), true);
  }, [clean, me.roles]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves to the title on every navigation
  useEffect(() => {
    document.getElementById('page-title')?.focus({ preventScroll: true });
  }, [path]);

  const current = views.find((v) => v.key === currentKey);
  useEffect(() => {
    document.title = current === undefined ? 'Sakimori' : `${current.title} · Sakimori`;
  }, [current]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          Sakimori<small>active cyber defence</small>
        </div>
        <ul className="nav">
          {views.map((v) => (
            <li key={v.key}>
              <Link href={v.path} aria-current={current?.key === v.key ? 'page' : undefined} aria-keyshortcuts={`g ${v.shortcut}`}>
                <span>{v.title}</span>
                <kbd aria-hidden="true">g {v.shortcut}</kbd>
              </Link>
            </li>
          ))}
        </ul>
        <div className="whoami">
          <div>
            Signed in as <strong data-testid="whoami">{me.displayName ?? me.username}</strong>
          </div>
          <div>{me.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')}</div>
          {me.organizationName === null ? null : <div>{me.organizationName}</div>}
          {me.sector === null ? null : <div>Sector: {me.sector}</div>}
          <div className="row">
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
            <button type="button" className="link" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
              ?
            </button>
          </div>
        </div>
      </nav>
      <main id="main" className="main">
        {route === undefined ? (
          <NotFound />
        ) : allowed ? (
          route.render(match(route.pattern, clean) ?? {}, query)
        ) : (
          <div className="banner warn" role="alert">
            <h1 id="page-title" tabIndex={-1}>
              Not available to your role
            </h1>
            This view is not part of what {me.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')} needs.
          </div>
        )}
      </main>
      {help ? <Shortcuts close={() => setHelp(false)} /> : null}
    </div>
  );
}

function NotFound() {
  return (
    <div>
      <h1 id="page-title" tabIndex={-1}>
        Page not found
      </h1>
      <Link href="/">Go to the start page</Link>
    </div>
  );
}

/** The whole console. */
export function App() {
  return (
    <SessionGate signIn={(done, reason) => <SignIn done={done} reason={reason} />}>
      <Shell />
    </SessionGate>
  );
}
