// One comparison of persons for the whole hub: four eyes here, sharing requests in access.
export { holderKey, samePerson, type Person } from '@hub/access';
