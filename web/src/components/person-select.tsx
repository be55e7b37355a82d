import { useId } from 'react';
import type { Schemas } from '../api.ts';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';

type Person = Schemas['Person'];

/** The configured people (GET /api/v1/persons), for the pickers of the acting views. */
export function usePersons(): { persons: Person[]; error: string | null } {
  const { api } = useSession();
  const { data, error } = useApi(async () => must(await api.GET('/api/v1/persons')).persons, [api]);
  return { persons: data ?? [], error };
}

/**
 * A labelled select of people ("Person" unless told); `none` adds a first option meaning nobody
 * (e.g. a token that belongs to no one).
 */
export function PersonSelect({
  value,
  onChange,
  persons,
  label = 'Person',
  none,
  disabled,
}: {
  value: string;
  onChange: (name: string) => void;
  persons: readonly Person[];
  label?: string;
  none?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        required={none === undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{none ?? 'Choose a person'}</option>
        {persons.map((person) => (
          <option key={person.name} value={person.name}>
            {person.displayName && person.displayName !== person.name
              ? `${person.displayName} (${person.name})`
              : person.name}
          </option>
        ))}
      </select>
    </div>
  );
}
