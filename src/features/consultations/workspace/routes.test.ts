import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { roles } from '../../../platform/auth/roles.js'
import { createStaff, createTestApp, onePerRole, type TestApp } from '../../../testing/app.js'

const hrefs = (html: string, within?: RegExp) => {
  const part = within ? (within.exec(html)?.[0] ?? '') : html
  return [...part.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'))
}
const workspaceLinks = (html: string) =>
  hrefs(html, /data-testid="workspace-navigation"[\s\S]*?<\/nav>/).filter((h) => h.startsWith('/admin/'))

describe('the consultation workspace', () => {
  let t: TestApp
  let consultationId: string
  const people = onePerRole(roles)

  before(async () => {
    t = await createTestApp({ referenceResponses: 300 })
    await createStaff(t, people)
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
  })
  after(() => t.close())

  for (const role of roles.filter((r) => r !== 'partner_collector')) {
    test(`a ${role} reaches every section shown to them from /admin, and is refused none`, async () => {
      const browser = await (
        await createStaff(t, { [role]: { ...people[role], email: `walk.${role}@example.org` } })
      ).as(role)
      const home = await browser.get('/admin')
      assert.equal(home.statusCode, 200)
      const start = hrefs(home.body).find((h) => h.startsWith(`/admin/consultations/${consultationId}`))
      assert.ok(start, 'the consultation is linked from /admin')
      const landing = await browser.get(start)
      assert.equal(landing.statusCode, 200, start)
      // The section a page is in is shown as the current one, not as a link to itself.
      const sectionsSeenFrom = (href: string, html: string) =>
        [...new Set([...workspaceLinks(html), href])].sort()
      const sections = sectionsSeenFrom(start, landing.body)
      assert.ok(sections.length > 1)
      for (const href of sections) {
        const page = await browser.get(href)
        assert.equal(page.statusCode, 200, `${role} following ${href}`)
        assert.match(page.body, /class="nhsuk-breadcrumb"/, `${href} has breadcrumbs`)
        assert.deepEqual(sectionsSeenFrom(href, page.body), sections, `${href} shares the same sections`)
      }
    })
  }

  test('each role lands where its work is', async () => {
    const landingOf = async (role: (typeof roles)[number]) => {
      const browser = await (
        await createStaff(t, { [role]: { ...people[role], email: `land.${role}@example.org` } })
      ).as(role)
      const home = await browser.get('/admin')
      if (home.statusCode === 303) return home.headers.location
      return hrefs(home.body).find((h) => h.startsWith(`/admin/consultations/${consultationId}`))
    }
    const base = `/admin/consultations/${consultationId}`
    assert.equal(await landingOf('data_entry'), `${base}/paper/new`)
    assert.equal(await landingOf('analyst'), `${base}/coding`)
    assert.equal(await landingOf('observer'), `${base}/results`)
    assert.equal(await landingOf('consultation_manager'), `${base}/overview`)
    assert.equal(await landingOf('partner_collector'), '/partner')
  })

  test('a role is shown no section it would be refused', async () => {
    const browser = await (
      await createStaff(t, { observer: { ...people.observer, email: 'nav.observer@example.org' } })
    ).as('observer')
    const page = await browser.get(`/admin/consultations/${consultationId}/overview`)
    const links = workspaceLinks(page.body)
    assert.ok(links.includes(`/admin/consultations/${consultationId}/results`))
    assert.ok(!links.includes(`/admin/consultations/${consultationId}`), 'no set-up for an observer')
    assert.ok(!links.some((h) => h.endsWith('/paper/new') || h.endsWith('/imports')))
    assert.equal((await browser.get(`/admin/consultations/${consultationId}/imports`)).statusCode, 403)
  })
})
