/** Help texts assembled from the command table, so a new command shows up everywhere at once. */
import type { Command } from './command.js';
import { DEFAULT_API_URL } from './config.js';

export const API_OPTIONS_HELP = `API flags:
  --api <url>      API base URL (env PILLARS_API_URL, default ${DEFAULT_API_URL}: the local runtime)
  --token <token>  bearer token (env PILLARS_TOKEN, default: the first token in .pillars/local.json,
                   which \`npm start\` writes)
  --brand <id>     take the token of this brand from .pillars/local.json
  --json           print the API's raw JSON response instead of the readable view`;

export function commandUsage(command: Command): string {
  return command.usesApi ? `${command.help}\n\n${API_OPTIONS_HELP}` : command.help;
}

export function groupUsage(group: string, commands: readonly Command[]): string {
  const members = commands.filter((c) => c.name.startsWith(`${group} `));
  return [`Usage: pillars ${group} <${members.map((c) => c.name.slice(group.length + 1)).join('|')}> [flags]`, '', 'Commands:', ...commandList(members), '', `Run \`pillars ${group} <command> --help\` for its flags and examples.`].join('\n');
}

export function globalUsage(commands: readonly Command[]): string {
  return `Usage: pillars <command> [flags]

The command line for the Pillars management API.

Commands:
${commandList([...commands, { name: 'help [command]', summary: 'show help for a command' }]).join('\n')}

${API_OPTIONS_HELP}

Examples:
  pillars dev
  pillars account connect --id mastodon-main --network mastodon --handle @brand --url https://mastodon.social
  pillars post create --account mastodon-main --text "Hello" --at "in 10m"
  pillars post list --status scheduled
  pillars post get 01JD3Z6V9X8Q2W4E5R6T7Y8M9K
  pillars post import posts.csv --timezone Europe/Berlin

Run \`pillars <command> --help\` for a command's flags and examples.`;
}

function commandList(commands: readonly Pick<Command, 'name' | 'summary'>[]): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return commands.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`);
}
