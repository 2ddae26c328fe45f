import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, get, Me, Organization, UiConfig } from './api';

interface Session {
  config: UiConfig | null;
  me: Me | null;
  organization: Organization | null;
  loading: boolean;
  refresh(): Promise<void>;
  can(area: keyof Me['rights'], level: 'read' | 'write'): boolean;
}

const SessionContext = createContext<Session | null>(null);
const RANK = { none: 0, read: 1, write: 2 } as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<UiConfig | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [organization, setOrganization] = useState<Organization | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const who = await get<Me>('/api/v1/auth/me');
      setMe(who);
      setOrganization(await get<Organization>('/api/v1/organization'));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) console.warn(error);
      setMe(null);
      setOrganization(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    get<UiConfig>('/api/v1/ui-config').then(setConfig, () => setConfig(null));
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
