// Renaming something in place: a labelled text field with Save and Cancel (Escape cancels).
import { el, errorText, uid } from './dom.js'

/**
 * Replaces `target` with a form until it is saved or cancelled. `save(title)` may throw an
 * ApiError: its message is shown and the form stays.
 */
export function renameInPlace(target, { label, value, save, done }) {
  const id = uid('rename')
  const input = el('input', { id, name: 'title', value, required: true, maxLength: 200, autocomplete: 'off' })
  const problem = el('div', { className: 'form-problem' })
  const cancel = () => {
    form.replaceWith(target)
    done?.(false)
  }
  const form = el(
    'form',
    { className: 'rename-form' },
    el('label', { htmlFor: id }, label),
    input,
    el('button', { type: 'submit' }, 'Save'),
    el('button', { type: 'button', onclick: cancel }, 'Cancel'),
    problem,
  )
  form.addEventListener('keydown', (event) => event.key === 'Escape' && (event.preventDefault(), cancel()))
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const title = input.value.trim()
    if (title === '') return input.focus()
    try {
      await save(title)
      form.replaceWith(target)
      done?.(true)
    } catch (error) {
      problem.replaceChildren(errorText(error.message))
    }
  })
  target.replaceWith(form)
  input.select()
  input.focus()
  return form
}
