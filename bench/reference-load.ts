import type { Services } from '../src/app/services.js'

/** Loads the reference consultation with `count` responses, reporting every tenth of the way. */
export async function loadReferenceWithProgress(
  services: Services,
  count: number,
  progress: (line: string) => void,
): Promise<{ consultationId: string }> {
  let reported = 0
  return services.demo.loadReferenceCase({
    responses: count,
    seed: 1,
    onProgress: (done) => {
      if (done - reported >= count / 10) {
        reported = done
        progress(`${done.toLocaleString('en-GB')} of ${count.toLocaleString('en-GB')} responses`)
      }
    },
  })
}
