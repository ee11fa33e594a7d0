// "Are you sure?" as a modal <dialog>: focus moves into it, Escape cancels, focus returns.

/** Resolves true when the person confirms. */
export function confirmDialog({ title, message, confirm = 'Delete', cancel = 'Cancel' }) {
  return new Promise((resolve) => {
    const opener = document.activeElement
    const dialog = document.createElement('dialog')
    dialog.className = 'confirm'
    dialog.setAttribute('aria-labelledby', 'confirm-title')
    const heading = Object.assign(document.createElement('h2'), { id: 'confirm-title', textContent: title })
    const text = Object.assign(document.createElement('p'), { textContent: message })
    const form = Object.assign(document.createElement('form'), { method: 'dialog' })
    const no = Object.assign(document.createElement('button'), { value: 'cancel', textContent: cancel })
    const yes = Object.assign(document.createElement('button'), {
      value: 'confirm',
      textContent: confirm,
      className: 'danger',
    })
    form.append(no, yes)
    dialog.append(heading, text, form)
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm')
      dialog.remove()
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    })
    document.body.append(dialog)
    dialog.showModal()
    // The safe choice has the focus: Enter does not delete by accident.
    no.focus()
  })
}
