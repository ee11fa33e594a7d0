import type { AssetCollector } from './asset-collector.js'
import type { ConversionReporter } from './conversion-reporter.js'

/** What every format's converter is handed besides the document's bytes. */
export interface ConversionContext {
  /** 0–100; the worker writes it to the row at most twice a second. */
  progress: (percent: number) => void
  /** Pictures extracted from the document; the Markdown references them as `assets/<name>`. */
  assets: AssetCollector
  /** What was found, and what could not be kept. */
  report: ConversionReporter
}
