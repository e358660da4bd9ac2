import { readFileSync } from 'node:fs'

type Messages = { [key: string]: string | string[] | Messages }

const english = JSON.parse(readFileSync(new URL('./locales/en.json', import.meta.url), 'utf8')) as Messages

function lookup(key: string): string | string[] {
  let node: string | string[] | Messages | undefined = english
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' && !Array.isArray(node) ? node[part] : undefined
  }
  if (typeof node === 'string' || Array.isArray(node)) return node
  throw new Error(`Missing message ${key}`)
}

/** A message from the locale file, with {name} placeholders filled in. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const message = lookup(key)
  const text = Array.isArray(message) ? message.join(' ') : message
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

export function paragraphs(key: string): string[] {
  const message = lookup(key)
  return Array.isArray(message) ? message : [message]
}
