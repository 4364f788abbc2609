"""Platform adapters: each turns its platform's input into core calls and renders `Reply`s."""
