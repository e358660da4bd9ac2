// Progressive enhancement for security keys and passkeys: the pages show a key's form only once
// this has found the browser can use one. The browser's answer goes back in an ordinary form post,
// so the server checks it and shows the outcome as it does for any form. When the person cancels or
// the key fails, the form goes with no answer and the server says the key was not used. Bundled
// with @simplewebauthn/browser by scripts/build.js.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser'

async function answer(form) {
  const optionsJSON = JSON.parse(form.dataset.options)
  try {
    const response =
      form.dataset.securityKeyForm === 'register'
        ? await startRegistration({ optionsJSON })
        : await startAuthentication({ optionsJSON })
    return JSON.stringify(response)
  } catch {
    return ''
  }
}

if (browserSupportsWebAuthn()) {
  for (const section of document.querySelectorAll('[data-security-key]')) section.hidden = false
  for (const note of document.querySelectorAll('[data-security-key-unavailable]')) note.hidden = true
  for (const form of document.querySelectorAll('form[data-security-key-form]')) {
    form.addEventListener('submit', async (event) => {
      const name = form.elements.namedItem('name')
      // A key needs a name first: without one the server asks for it, before any key is touched.
      if (name && !name.value.trim()) return
      event.preventDefault()
      const button = form.querySelector('button')
      if (button) button.disabled = true
      form.elements.namedItem('credential').value = await answer(form)
      form.submit()
    })
  }
}
