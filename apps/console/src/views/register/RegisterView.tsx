export default function RegisterView() {
  return <h1>Register</h1>;
}
