import t from 'tap'
import { lifecycleTests } from './lifecycle-scenarios.js'

lifecycleTests(t, { name: 'postgres backend' })
