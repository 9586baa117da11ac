export default function IdeView() {
  return <h1>GraphQL IDE</h1>;
}
