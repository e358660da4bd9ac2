import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  createStaff,
  createTestApp,
  onePerRole,
  signedInAs,
  type TestApp,
  TestBrowser,
} from '../../../testing/app.js'

const newPassword = 'three random words here'

describe('staff management', () => {
  let t: TestApp
  let consultationId: string
  const people = onePerRole(['administrator', 'consultation_manager', 'analyst'] as const)
  let staff: Awaited<ReturnType<typeof createStaff<keyof typeof people>>>

  before(async () => {
    t = await createTestApp({ demoResponses: 20 })
    staff = await createStaff(t, people)
    consultationId = (await t.services.consultations.listForStaff())[0]?.id ?? ''
  })
  after(() => t.close())

  /** The link in the newest outbox message to this address. */
  const linkMailedTo = async (email: string) => {
    const message = await t.database.db
      .selectFrom('outbox')
      .select('body')
      .where('recipient', '=', email)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    const link = /https?:\/\/[^\s]+(\/admin\/staff\/password\/[A-Za-z0-9_-]+)/.exec(message.body)?.[1]
    assert.ok(link, 'the message holds a link')
    return link
  }
  const auditActions = async (entityId: string) =>
    (
      await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', entityId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action)
  const invite = async (form: Record<string, string | string[]>) => {
    const admin = await staff.as('administrator')
    return admin.postFrom('/admin/staff/new', '/admin/staff', form)
  }

  test('an administrator invites an analyst, who chooses a password and double-codes without any restart', async () => {
    const admin = await staff.as('administrator')
    assert.match((await admin.get('/admin')).body, /href="\/admin\/staff"/, 'Staff is in the header')
    const sent = await invite({ displayName: 'Nadia New', email: 'nadia@example.org', roles: 'analyst' })
    assert.equal(sent.statusCode, 303)
    const memberPage = await admin.get(sent.headers.location ?? '')
    assert.match(memberPage.body, /Invitation for nadia@example\.org is in the outbox/)
    const link = await linkMailedTo('nadia@example.org')

    const newcomer = new TestBrowser(t.app)
    const choose = await newcomer.get(link)
    assert.equal(choose.statusCode, 200)
    assert.match(choose.body, /Choose a password/)
    const short = await newcomer.postFrom(link, link, { password: 'short', confirm: 'short' })
    assert.equal(short.statusCode, 400)
    assert.match(short.body, /Password must be 12 characters or more/)
    const set = await newcomer.postFrom(link, link, { password: newPassword, confirm: newPassword })
    assert.equal(set.statusCode, 303)
    assert.equal((await newcomer.get(link)).statusCode, 410, 'the link works once')

    const nadia = await signedInAs(t, 'nadia@example.org', newPassword)
    assert.equal((await nadia.get(`/admin/consultations/${consultationId}/coding`)).statusCode, 200)
    const manager = await staff.as('consultation_manager')
    const samples = await manager.get(`/admin/consultations/${consultationId}/coding/double`)
    assert.match(samples.body, /Nadia New/, 'the new analyst can be chosen as second coder at once')
    const user = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'nadia@example.org')
      .executeTakeFirstOrThrow()
    assert.deepEqual(await auditActions(user.id), [
      'user.invited',
      'user.invitation_accepted',
      'user.signed_in',
    ])
  })

  test('an invitation with missing or wrong details is refused with messages, and nothing is stored', async () => {
    const bad = await invite({ displayName: '', email: 'not an email' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Enter their name/)
    assert.match(bad.body, /Enter an email address in the correct format/)
    assert.match(bad.body, /Select at least one role/)
    const collector = await invite({
      displayName: 'Pat',
      email: 'pat@example.org',
      roles: 'partner_collector',
    })
    assert.equal(collector.statusCode, 400)
    assert.match(collector.body, /Select the organisation a partner collector works for/)
    const taken = await invite({ displayName: 'Again', email: people.analyst.email, roles: 'analyst' })
    assert.equal(taken.statusCode, 409)
    assert.match(taken.body, /There is already an account with this email address/)
    const stored = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', 'in', ['pat@example.org'])
      .execute()
    assert.equal(stored.length, 0)
  })

  test('an expired link does not open the account', async () => {
    await invite({ displayName: 'Late Larry', email: 'larry@example.org', roles: 'observer' })
    const link = await linkMailedTo('larry@example.org')
    await t.database.db
      .updateTable('staff_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute()
    const browser = new TestBrowser(t.app)
    assert.equal((await browser.get(link)).statusCode, 410)
    assert.equal((await browser.get('/admin/staff/password/not-a-secret')).statusCode, 404)
  })

  test('roles change at once, a disabled account stops working at once, and enabling lets it back', async () => {
    const admin = await staff.as('administrator')
    const analyst = await staff.as('analyst')
    const id = staff.ids.analyst
    const memberPage = `/admin/staff/${id}`
    assert.equal((await analyst.get(`/admin/consultations/${consultationId}/results`)).statusCode, 200)
    const roles = await admin.postFrom(memberPage, `${memberPage}/roles`, {
      roles: ['analyst', 'data_entry'],
    })
    assert.equal(roles.statusCode, 303)
    assert.equal((await analyst.get(`/admin/consultations/${consultationId}/paper/new`)).statusCode, 200)
    const disable = await admin.postFrom(memberPage, `${memberPage}/disable`, {})
    assert.equal(disable.statusCode, 303)
    const refused = await analyst.get('/admin')
    assert.equal(refused.statusCode, 303)
    assert.match(refused.headers.location ?? '', /^\/admin\/sign-in/)
    await admin.postFrom(memberPage, `${memberPage}/enable`, {})
    assert.equal((await signedInAs(t, people.analyst.email)).cookies.size > 0, true)
    assert.deepEqual(
      (await auditActions(id)).filter((a) => !a.startsWith('user.sign')),
      ['user.created', 'user.roles_changed', 'user.disabled', 'user.enabled'],
    )
  })

  test('the last administrator cannot be disabled or lose the role', async () => {
    const admin = await staff.as('administrator')
    const self = `/admin/staff/${staff.ids.administrator}`
    const roles = await admin.postFrom(self, `${self}/roles`, { roles: 'observer' })
    assert.equal(roles.statusCode, 409)
    assert.match(roles.body, /at least one administrator/)
    const row = await t.database.db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', staff.ids.administrator)
      .execute()
    assert.deepEqual(
      row.map((r) => r.role),
      ['administrator'],
    )
  })

  test('a reset link sets a new password; anyone changes their own with the current one', async () => {
    const admin = await staff.as('administrator')
    const id = staff.ids.consultation_manager
    await admin.postFrom(`/admin/staff/${id}`, `/admin/staff/${id}/reset`, {})
    const link = await linkMailedTo(people.consultation_manager.email)
    const browser = new TestBrowser(t.app)
    assert.equal(
      (await browser.postFrom(link, link, { password: newPassword, confirm: newPassword })).statusCode,
      303,
    )
    const manager = await signedInAs(t, people.consultation_manager.email, newPassword)
    const wrong = await manager.postFrom('/admin/account/password', '/admin/account/password', {
      current: 'not my password',
      password: 'another long passphrase',
      confirm: 'another long passphrase',
    })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /Your current password is not right/)
    const changed = await manager.postFrom('/admin/account/password', '/admin/account/password', {
      current: newPassword,
      password: 'another long passphrase',
      confirm: 'another long passphrase',
    })
    assert.equal(changed.statusCode, 303)
    await signedInAs(t, people.consultation_manager.email, 'another long passphrase')
    assert.ok((await auditActions(id)).includes('user.password_changed'))
  })

  test('only administrators may manage staff', async () => {
    const manager = await createStaff(t, {
      m: { email: 'other.manager@example.org', displayName: 'Other', roles: ['consultation_manager'] },
    }).then((s) => s.as('m'))
    assert.equal((await manager.get('/admin/staff')).statusCode, 403)
    assert.doesNotMatch((await manager.get('/admin')).body, /href="\/admin\/staff"/)
  })

  test('staff pages outside a consultation say where they are in breadcrumbs', async () => {
    const admin = await staff.as('administrator')
    const breadcrumbLinks = (body: string) =>
      [
        ...(/<nav class="nhsuk-breadcrumb"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '').matchAll(
          /class="nhsuk-breadcrumb__link" href="([^"]+)"/g,
        ),
      ].map((m) => m[1])
    const invite = await admin.get('/admin/staff/new')
    assert.equal(invite.statusCode, 200)
    assert.deepEqual(breadcrumbLinks(invite.body), ['/admin', '/admin/staff'])
    const member = await admin.get(`/admin/staff/${staff.ids.analyst}`)
    assert.deepEqual(breadcrumbLinks(member.body), ['/admin', '/admin/staff'])
    assert.deepEqual(breadcrumbLinks((await admin.get('/admin/staff')).body), ['/admin'])
    assert.deepEqual(breadcrumbLinks((await admin.get('/admin/audit')).body), ['/admin'])
    assert.deepEqual(breadcrumbLinks((await admin.get('/admin/account/password')).body), ['/admin'])
    // A place the reader may not open is never a breadcrumb.
    const analyst = await staff.as('analyst')
    assert.deepEqual(breadcrumbLinks((await analyst.get('/admin/account/password')).body), ['/admin'])
  })
})
