import type { ConsoleMessages } from './en';
import { en } from './en';

const es: ConsoleMessages = en;
export default es;
