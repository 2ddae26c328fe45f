import { Group, Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { RightLevel, Rights } from '../../api';
import { useI18n } from '../../i18n';
import { peopleMessage, PeopleMessageKey } from '../people-messages';

// Rights as an EDO user thinks of them, mapped onto the server's areas × levels (src/identity/rights.ts):
// documents read = view, write = prepare and send; signing write = signs; billing read = view,
// write = pays; administration read = sees users and the log, write = manages users. The model
// already expresses every choice, so nothing new is stored.
export const RIGHTS_PRESETS = {
  viewer: { documents: 'read', signing: 'none', billing: 'none', administration: 'none' },
  preparer: { documents: 'write', signing: 'none', billing: 'none', administration: 'none' },
  signer: { documents: 'write', signing: 'write', billing: 'none', administration: 'none' },
  accountant: { documents: 'write', signing: 'write', billing: 'write', administration: 'none' },
  administrator: { documents: 'write', signing: 'write', billing: 'write', administration: 'write' },
} as const satisfies Record<string, Rights>;
export type RightsPreset = keyof typeof RIGHTS_PRESETS;

const PRESET_KEYS: Record<RightsPreset, PeopleMessageKey> = {
  viewer: 'presetViewer',
  preparer: 'presetPreparer',
  signer: 'presetSigner',
  accountant: 'presetAccountant',
  administrator: 'presetAdministrator',
};

const AREAS = ['documents', 'signing', 'billing', 'administration'] as const;
type Area = (typeof AREAS)[number];
// The levels each area offers: "signing: read" grants nothing more than none, so it is not offered.
const LEVELS: Record<Area, readonly RightLevel[]> = {
  documents: ['none', 'read', 'write'],
  signing: ['none', 'write'],
  billing: ['none', 'read', 'write'],
  administration: ['none', 'read', 'write'],
};
const levelKey = (area: Area, level: RightLevel) =>
  `${area}${level === 'none' ? 'None' : level === 'read' ? 'Read' : 'Write'}` as PeopleMessageKey;

export function presetOf(rights: Rights): RightsPreset | undefined {
  return (Object.keys(RIGHTS_PRESETS) as RightsPreset[]).find((preset) =>
    AREAS.every((area) => RIGHTS_PRESETS[preset][area] === rights[area]),
  );
}

// A rights set in words: its role when it is one, else what it allows per area.
export function useRightsWords() {
  const { locale } = useI18n();
  return (rights: Rights): string => {
    const preset = presetOf(rights);
    if (preset) return peopleMessage(locale, PRESET_KEYS[preset]);
    return AREAS.map((area) => peopleMessage(locale, levelKey(area, rights[area] ?? 'none'))).join('; ');
  };
}

// A role to choose, or "per area" with one choice per area.
export function RightsChooser({ value, onChange }: { value: Rights; onChange: (rights: Rights) => void }) {
  const { locale } = useI18n();
  const p = (key: PeopleMessageKey) => peopleMessage(locale, key);
  const [perArea, setPerArea] = useState(() => !presetOf(value));
  const preset = perArea ? 'custom' : (presetOf(value) ?? 'custom');
  return (
    <Stack gap="xs">
      <Select
        label={p('preset')}
        allowDeselect={false}
        miw={280}
        value={preset}
        onChange={(choice) => {
          if (!choice) return;
          setPerArea(choice === 'custom');
          if (choice !== 'custom') onChange({ ...RIGHTS_PRESETS[choice as RightsPreset] });
        }}
        data={[
          ...(Object.keys(PRESET_KEYS) as RightsPreset[]).map((key) => ({ value: key, label: p(PRESET_KEYS[key]) })),
          { value: 'custom', label: p('presetCustom') },
        ]}
        data-testid="rights-preset"
      />
      {preset === 'custom' && (
        <Group grow wrap="wrap" gap="sm" align="flex-start">
          {AREAS.map((area) => (
            <Select
              key={area}
              aria-label={p(levelKey(area, 'none')).split(':')[0]}
              allowDeselect={false}
              miw={220}
              value={LEVELS[area].includes(value[area]) ? value[area] : 'none'}
              onChange={(level) => level && onChange({ ...value, [area]: level as RightLevel })}
              data={LEVELS[area].map((level) => ({ value: level, label: p(levelKey(area, level)) }))}
              data-testid={`rights-${area}`}
            />
          ))}
        </Group>
      )}
    </Stack>
  );
}
