import { AppError } from './errors';
import { echo } from './safe-text';

/** What an owner says an app is worth: about how many hours a month it saves, and how many people use it. */
export interface AppValue {
  hoursSavedPerMonth?: number;
  users?: number;
}

/** A value answer as stored: for the revision in force when it was given, by whom and when. */
export interface AppValueAnswer extends AppValue {
  appId: string;
  revisionId: string;
  answeredBy: string;
  answeredAt: string;
}

/** The value questions as people see them, by the field of {@link AppValue} each one answers. */
export const VALUE_QUESTIONS = {
  hoursSavedPerMonth: 'About how many hours a month does it save, for everyone together?',
  users: 'About how many people use it?',
} as const satisfies Record<keyof AppValue, string>;

/** More hours a month than a large team works together; more people than a large organisation employs. */
const LIMITS: Record<keyof AppValue, number> = { hoursSavedPerMonth: 1_000_000, users: 10_000_000 };

/**
 * Reads the answers to the value questions as typed (blank means not answered). "20", "20 hours",
 * "1,200" and "2.5" are understood; anything else is refused with how to write it.
 */
export function parseAppValue(typed: { [K in keyof AppValue]?: string }): AppValue {
  const value: AppValue = {};
  for (const key of Object.keys(LIMITS) as (keyof AppValue)[]) {
    const text = typed[key]?.trim();
    if (!text) continue;
    const number = Number(
      text
        .replace(/,(?=\d{3}\b)/g, '')
        .replace(/\s*(hours?|h|hrs?|people|persons?|users?)\.?$/i, '')
        .replace(/^(about|around|~)\s*/i, ''),
    );
    const whole = key === 'users';
    if (!Number.isFinite(number) || number < 0 || number > LIMITS[key] || (whole && !Number.isInteger(number))) {
      throw new AppError(
        'value.invalid',
        `"${echo(text, 40)}" is not an answer to "${VALUE_QUESTIONS[key]}" Give a ${whole ? 'whole ' : ''}number from 0 to ${LIMITS[key].toLocaleString('en-US')}, like ${whole ? '35' : '20'}, or leave it blank.`,
      );
    }
    value[key] = whole ? number : Math.round(number * 10) / 10;
  }
  return value;
}

/** True when at least one question was answered. */
export function hasValue(value: AppValue | undefined): value is AppValue {
  return value?.hoursSavedPerMonth !== undefined || value?.users !== undefined;
}
