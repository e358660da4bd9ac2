import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'

// A security key made of node:crypto, for tests: a P-256 key pair, answering a registration with
// attestation "none" and a sign-in with an assertion, each built byte by byte as WebAuthn lays them
// out (and as @simplewebauthn's own tests build theirs), so the server's checks run on real signatures.

type Cbor = number | string | Uint8Array | Map<number | string, Cbor>

function cborHead(major: number, value: number): Buffer {
  if (value < 24) return Buffer.from([(major << 5) | value])
  if (value < 0x100) return Buffer.from([(major << 5) | 24, value])
  if (value < 0x10000) {
    const head = Buffer.alloc(3)
    head[0] = (major << 5) | 25
    head.writeUInt16BE(value, 1)
    return head
  }
  const head = Buffer.alloc(5)
  head[0] = (major << 5) | 26
  head.writeUInt32BE(value, 1)
  return head
}

/** The few CBOR types an attestation object and a COSE key use. */
function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value)
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([cborHead(3, bytes.length), bytes])
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value])
  return Buffer.concat([
    cborHead(5, value.size),
    ...[...value].flatMap(([key, item]) => [cbor(key), cbor(item)]),
  ])
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()
const b64url = (data: Uint8Array) => Buffer.from(data).toString('base64url')

const flags = { userPresent: 0x01, attestedCredentialData: 0x40 }

export interface Ceremony {
  /** Where the browser says the page was; the site's own origin unless a test pretends otherwise. */
  origin?: string
  /** The signature counter to report; one more than the last unless a test chooses. */
  counter?: number
}

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16)
  private readonly privateKey: KeyObject
  private readonly publicKey: KeyObject
  counter = 0

  constructor(
    private readonly rpId: string,
    private readonly origin: string,
  ) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.privateKey = pair.privateKey
    this.publicKey = pair.publicKey
  }

  get id(): string {
    return b64url(this.credentialId)
  }

  private coseKey(): Buffer {
    const jwk = this.publicKey.export({ format: 'jwk' })
    return cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    )
  }

  private authenticatorData(flagBits: number, counter: number, attested?: Buffer): Buffer {
    const counterBytes = Buffer.alloc(4)
    counterBytes.writeUInt32BE(counter)
    return Buffer.concat([
      sha256(this.rpId),
      Buffer.from([flagBits]),
      counterBytes,
      attested ?? Buffer.alloc(0),
    ])
  }

  private clientData(type: string, challenge: string, origin: string | undefined): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: origin ?? this.origin, crossOrigin: false }))
  }

  /** The answer to registration options, as a browser hands it to the page. */
  register(options: { challenge: string }, ceremony: Ceremony = {}): RegistrationResponseJSON {
    const length = Buffer.alloc(2)
    length.writeUInt16BE(this.credentialId.length)
    const attested = Buffer.concat([Buffer.alloc(16), length, this.credentialId, this.coseKey()])
    const authData = this.authenticatorData(
      flags.userPresent | flags.attestedCredentialData,
      ceremony.counter ?? this.counter,
      attested,
    )
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    )
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge, ceremony.origin)),
        attestationObject: b64url(attestationObject),
        transports: ['usb'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    }
  }

  /** The answer to sign-in options: a signature over the authenticator data and the client data's hash. */
  assert(options: { challenge: string }, ceremony: Ceremony = {}): AuthenticationResponseJSON {
    const counter = ceremony.counter ?? this.counter + 1
    this.counter = Math.max(this.counter, counter)
    const authData = this.authenticatorData(flags.userPresent, counter)
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, ceremony.origin)
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey)
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    }
  }
}

/** The options a page hands its script, read back from the form's data-options attribute. */
export function keyOptionsIn(html: string, action: string): { challenge: string } {
  const form = new RegExp(`<form[^>]*action="${action}"[^>]*data-options="([^"]*)"`).exec(html)
  if (!form?.[1]) throw new Error(`No security key form posting to ${action} on the page`)
  const json = form[1]
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
  return JSON.parse(json) as { challenge: string }
}
