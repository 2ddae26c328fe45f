import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, client, Me, ok, Organization, UiConfig } from './api';

interface Session {
  config: UiConfig | null;
  me: Me | null;
  organization: Organization | null;
  loading: boolean;
  refresh(): Promise<void>;
  can(area: keyof Me['rights'], level: 'read' | 'write'): boolean;
}

const SessionContext = createContext<Session | null>(null);
const LAST_ORGANIZATION_KEY = 'edo.lastOrganization';

export type RememberedOrganization = Pick<Organization, 'identifier' | 'kind' | 'name'>;

// The organization last signed in on this browser: the next ЭЦП login asks NCALayer for its keys
// only (a BIN or IIN filter), as the user would otherwise pick among every key it finds.
export function rememberedOrganization(): RememberedOrganization | null {
  try {
    const value = JSON.parse(localStorage.getItem(LAST_ORGANIZATION_KEY) ?? 'null') as RememberedOrganization | null;
    return value && /^\d{12}$/.test(value.identifier) ? value : null;
  } catch {
    return null;
  }
}

export function rememberOrganization(organization: RememberedOrganization | null) {
  if (organization) {
    const { identifier, kind, name } = organization;
    localStorage.setItem(LAST_ORGANIZATION_KEY, JSON.stringify({ identifier, kind, name }));
  } else {
    localStorage.removeItem(LAST_ORGANIZATION_KEY);
  }
}
const RANK = { none: 0, read: 1, write: 2 } as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<UiConfig | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [organization, setOrganization] = useState<Organization | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const who = await ok(client.GET('/api/v1/auth/me'));
      setMe(who);
      const current = await ok(client.GET('/api/v1/organization'));
      setOrganization(current);
      rememberOrganization(current);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) console.warn(error);
      setMe(null);
      setOrganization(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    ok(client.GET('/api/v1/ui-config')).then(setConfig, () => setConfig(null));
    void refresh();
  }, [refresh]);

  const can = useCallback(
    (area: keyof Me['rights'], level: 'read' | 'write') => !!me && RANK[me.rights[area] ?? 'none'] >= RANK[level],
    [me],
  );

  return (
    <SessionContext.Provider value={{ config, me, organization, loading, refresh, can }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
