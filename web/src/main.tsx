// Noto Sans, served with the bundle: every Kazakh letter (ә ғ қ ң ө ұ ү һ і, in its cyrillic-ext
// subset) renders the same whatever fonts the user's machine has.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/600.css';
import '@fontsource/noto-sans/700.css';
import '@mantine/core/styles.css';
import {
  createTheme,
  CSSVariablesResolver,
  defaultVariantColorsResolver,
  MantineProvider,
  parseThemeColor,
  VariantColorsResolver,
} from '@mantine/core';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { setApiLocale } from './api';
import { I18nProvider, useI18n } from './i18n';
import { CabinetLayout, PublicLayout } from './layout';
import { DocumentPage } from './pages/document-page';
import { DocumentsPage } from './pages/documents-page';
import { LinkPage } from './pages/link-page';
import { LoginPage } from './pages/login-page';
import { RegisterPage } from './pages/register-page';
import { SettingsPage } from './pages/settings-page';
import { UploadPage } from './pages/upload-page';
import { VerifyDocumentPage, VerifyPage } from './pages/verify-page';
import { SessionProvider } from './session';

// Mantine's light/subtle/outline text and its "dimmed" grey fall under WCAG AA contrast (4.5:1) on
// white; these use the darkest shade of each colour (dark text on yellow and orange) instead.
const LOW_CONTRAST_VARIANTS = new Set(['light', 'subtle', 'outline', 'transparent']);
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (!LOW_CONTRAST_VARIANTS.has(input.variant)) return colors;
  const name = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme }).color;
  // On the tinted background of "light" only near-black text is safe for every colour.
  const darkText = input.variant === 'light' || ['yellow', 'orange', 'dark', 'gray'].includes(name);
  const text = darkText ? 'var(--mantine-color-dark-8)' : `var(--mantine-color-${name}-9)`;
  return { ...colors, color: text, ...(input.variant === 'outline' && { border: `1px solid ${text}` }) };
};
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});

const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  variantColorResolver,
  fontFamily: '"Noto Sans", "DejaVu Sans", Arial, sans-serif',
  headings: { fontFamily: '"Noto Sans", "DejaVu Sans", Arial, sans-serif' },
});

function LocaleBridge() {
  const { locale } = useI18n();
  useEffect(() => setApiLocale(locale), [locale]);
  setApiLocale(locale);
  return null;
}

function App() {
  return (
    <BrowserRouter>
      <LocaleBridge />
      <Routes>
        <Route element={<PublicLayout />}>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/l/:token" element={<LinkPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/verify/d/:id" element={<VerifyDocumentPage />} />
        </Route>
        <Route path="/app" element={<CabinetLayout />}>
          <Route index element={<Navigate to="/app/documents/inbox" replace />} />
          <Route path="documents/:box" element={<DocumentsPage />} />
          <Route path="document/:id" element={<DocumentPage />} />
          <Route path="upload" element={<UploadPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="settings/:tab" element={<SettingsPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/app" replace />} />
      </Routes>
    </BrowserRouter>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <I18nProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
