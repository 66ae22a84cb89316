/** What a command gets from the program: where its report goes (stdout in the CLI, a buffer in tests). */
export interface CommandContext {
  print(text: string): void;
}
