import type { ConsoleMessages } from './en';
import { en } from './en';

const fr: ConsoleMessages = en;
export default fr;
